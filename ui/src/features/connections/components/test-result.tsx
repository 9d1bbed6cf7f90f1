import { Alert, Badge, List, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../lib/format';
import type { TestResult } from '../api/get-connections';
import { DataTable } from '../../../components/data-table';

/** A connection test, step by step with latencies; a failure with its class and the API's advice. */
export function TestResultView({ result }: { result: TestResult }) {
  const { t, i18n } = useTranslation();
  const facts: Array<[string, string]> = [
    [t('connections.version'), result.version ?? '—'],
    [t('connections.location'), result.locationName ?? '—'],
    [t('connections.entities'), formatNumber(result.entityCount, i18n.language)],
    [t('connections.mcpEnabled'), result.mcpEnabled === null ? '—' : result.mcpEnabled ? t('app.yes') : t('app.no')],
    [t('connections.toolCount'), formatNumber(result.toolCount, i18n.language)],
  ];
  return (
    <section aria-label={t('connections.result')}>
      <Alert color={result.ok ? 'teal' : 'red'} title={result.ok ? t('connections.ok') : t('connections.notOk')}>
        <Text size="xs" c="dimmed">
          {t('connections.testedAt', { time: formatDateTime(result.testedAt, i18n.language) })}
        </Text>
        {result.failure && (
          <Text size="sm" mt={4}>
            <strong>{t('connections.failure')}:</strong> {t(`failure.${result.failure}`, { defaultValue: result.failure })}
          </Text>
        )}
        {result.advice && (
          <Text size="sm" mt={4}>
            <strong>{t('connections.advice')}:</strong> {result.advice}
          </Text>
        )}
      </Alert>
      <DataTable caption={t('connections.result')} columns={[t('connections.step'), t('connections.result'), t('connections.httpStatus'), t('connections.latency')]} mt="sm">
          <Table.Tbody>
            {result.steps.map((step, index) => (
              <Table.Tr key={`${step.name}-${index}`}>
                <Table.Td>{t(`step.${step.name}`, { defaultValue: step.name })}</Table.Td>
                <Table.Td>
                  <Badge color={step.ok ? 'teal' : 'red'} variant="light">
                    {step.ok ? t('connections.stepOk') : t('connections.stepFailed')}
                  </Badge>
                </Table.Td>
                <Table.Td>{step.httpStatus ?? '—'}</Table.Td>
                <Table.Td>{formatNumber(step.latencyMillis, i18n.language)} ms</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
      </DataTable>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {result.warnings.length > 0 && (
        <Alert color="yellow" title={t('connections.warnings')} mt="sm">
          <List size="sm">
            {result.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </section>
  );
}
