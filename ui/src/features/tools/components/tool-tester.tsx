import '@mantine/dates/styles.css';
import { Alert, Button, Stack, Text, Textarea, Title } from '@mantine/core';
import Form from '@rjsf/mantine';
import type { RJSFSchema } from '@rjsf/utils';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { ProblemAlert } from '../../../components/problem-alert';
import type { Tool } from '../../../lib/mcp-client';
import { useCallTool } from '../api/call-tool';
import type { ToolRight } from '../api/get-my-permissions';
import { cfworkerValidator } from './cfworker-validator';
import { ToolResultView } from './tool-result';

/** Whether calling the tool may change the house: a write or execute level, or no read-only hint. */
export function changesHouse(right: ToolRight, tool: Tool | undefined): boolean {
  return right.requiredLevel !== 'read' || tool?.annotations?.readOnlyHint !== true;
}

/**
 * The tester: a form from the tool's input schema (or raw JSON when the bridge does not list the
 * tool for me), Call through /mcp with my own token, and the answer as untrusted text.
 */
export default function ToolTester({ right, tool }: { right: ToolRight; tool: Tool | undefined }) {
  const { t } = useTranslation();
  const call = useCallTool();
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [raw, setRaw] = useState('{}');
  const [rawError, setRawError] = useState(false);
  const [pending, setPending] = useState<Record<string, unknown> | null>(null);

  const start = (args: Record<string, unknown>) => {
    if (changesHouse(right, tool)) setPending(args);
    else call.mutate({ name: right.tool, args });
  };
  const startRaw = () => {
    try {
      const parsed: unknown = JSON.parse(raw || '{}');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      setRawError(false);
      start(parsed as Record<string, unknown>);
    } catch {
      setRawError(true);
    }
  };
  const callButton = (
    <Button type="submit" loading={call.isPending} mt="sm">
      {t('tools.call')}
    </Button>
  );
  return (
    <section aria-labelledby="tester-title">
      <Stack>
        <Title order={2} size="h3" id="tester-title">
          {t('tools.testTool', { tool: right.tool })}
        </Title>
        {tool?.description && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{tool.description}</Text>}
        {!right.allowed && (
          <Alert color="yellow">{t('tools.notAllowedWarning', { level: t(`level.${right.requiredLevel}`) })}</Alert>
        )}
        {changesHouse(right, tool) && <Text size="sm" c="orange">{t('tools.changesHouse')}</Text>}
        {tool ? (
          <Form
            schema={(tool.inputSchema ?? { type: 'object' }) as RJSFSchema}
            validator={cfworkerValidator}
            formData={formData}
            onChange={(e) => setFormData((e.formData ?? {}) as Record<string, unknown>)}
            onSubmit={(e) => start((e.formData ?? {}) as Record<string, unknown>)}
            showErrorList={false}
            noHtml5Validate
            idPrefix={`tool-${right.tool}`}
          >
            {callButton}
          </Form>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              startRaw();
            }}
          >
            <Text size="sm" c="dimmed">{t('tools.noSchema')}</Text>
            <Textarea label={t('tools.argumentsJson')} value={raw} onChange={(e) => setRaw(e.currentTarget.value)} autosize minRows={3} error={rawError ? t('tools.invalidJson') : undefined} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
            {callButton}
          </form>
        )}
        <div aria-live="polite" aria-label={t('tools.result')} role="region">
          <ProblemAlert error={call.error} />
          {call.data && <ToolResultView outcome={call.data} />}
        </div>
      </Stack>
      <ConfirmDialog
        opened={pending !== null}
        title={t('tools.changesHouse')}
        message={t('tools.confirmCall', { tool: right.tool })}
        confirmLabel={t('tools.call')}
        danger={false}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending) call.mutate({ name: right.tool, args: pending });
          setPending(null);
        }}
      />
    </section>
  );
}
