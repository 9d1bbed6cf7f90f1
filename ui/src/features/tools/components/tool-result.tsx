import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ToolCallOutcome } from '../api/call-tool';

/** Text that may be JSON: pretty-printed when it parses, as it came otherwise; never markup. */
export function UntrustedText({ text }: { text: string }) {
  let shown = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') shown = JSON.stringify(parsed, null, 2);
  } catch {
    // Plain text stays as it is.
  }
  return (
    <pre className="untrusted-text" tabIndex={0}>
      {shown}
    </pre>
  );
}

/** A tool's answer: each content item as text, isError marked, the latency, or the JSON-RPC refusal. */
export function ToolResultView({ outcome }: { outcome: ToolCallOutcome }) {
  const { t } = useTranslation();
  if (outcome.kind === 'refused') {
    return (
      <Alert color="red" title={outcome.error.code === null ? t('tools.failed') : t('tools.refused', { code: outcome.error.code })} role="alert">
        <Text size="sm">{outcome.error.message}</Text>
        <Text size="xs" c="dimmed">{t('tools.latency', { ms: outcome.latencyMs })}</Text>
      </Alert>
    );
  }
  const { result } = outcome;
  return (
    <Stack gap="xs" data-testid="tool-result">
      <Group gap="sm">
        {result.isError ? (
          <Badge color="red" size="lg">{t('tools.isError')}</Badge>
        ) : (
          <Badge color="teal" size="lg">{t('tools.success')}</Badge>
        )}
        <Text size="sm" c="dimmed">{t('tools.latency', { ms: outcome.latencyMs })}</Text>
      </Group>
      {(result.content ?? []).map((item, index) =>
        item.type === 'text' ? (
          <UntrustedText key={index} text={item.text} />
        ) : (
          <div key={index}>
            <Text size="xs" c="dimmed">{t('tools.nonText', { type: item.type })}</Text>
            <pre className="untrusted-text" tabIndex={0}>
              {JSON.stringify(item, (key, value: unknown) => (key === 'data' && typeof value === 'string' && value.length > 200 ? `${value.slice(0, 200)}…` : value), 2)}
            </pre>
          </div>
        ),
      )}
      {result.structuredContent !== undefined && (
        <div>
          <Text size="xs" c="dimmed">{t('tools.structured')}</Text>
          <pre className="untrusted-text" tabIndex={0}>{JSON.stringify(result.structuredContent, null, 2)}</pre>
        </div>
      )}
    </Stack>
  );
}
