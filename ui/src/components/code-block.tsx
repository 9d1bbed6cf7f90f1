import { Box, Group, Text } from '@mantine/core';
import { CopyButton } from './copy-button';

/** Text to paste somewhere else, in a focusable, scrollable block with its copy button. */
export function CodeBlock({ code, copyLabel, caption }: { code: string; copyLabel: string; caption?: string }) {
  return (
    <Box>
      <Group justify="space-between" mb={4} wrap="nowrap">
        {caption ? <Text size="sm">{caption}</Text> : <span />}
        <CopyButton value={code} label={copyLabel} />
      </Group>
      <pre className="code-block" tabIndex={0}>
        {code}
      </pre>
    </Box>
  );
}
