import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../lib/format';
import type { CallItem } from '../api/get-calls';
import { DataTable } from '../../../components/data-table';

export function outcomeColor(outcome: string): string {
  if (outcome === 'OK') return 'teal';
  if (outcome === 'TOOL_ERROR') return 'orange';
  if (outcome === 'DENIED' || outcome === 'UNAUTHENTICATED') return 'red';
  return 'yellow';
}

/** Calls as a table; every value is server text, rendered as text. */
export function CallsTable({ calls, caption, compact = false }: { calls: CallItem[]; caption: string; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  if (calls.length === 0) return <Text c="dimmed">{t('calls.none')}</Text>;
  return (
    <DataTable
      caption={caption}
      columns={[
        t('calls.at'),
        t('calls.tool'),
        t('calls.upstream'),
        t('calls.outcome'),
        t('calls.latency'),
        ...(compact ? [] : [t('calls.errorCode'), t('calls.credential'), t('calls.client'), t('calls.bytes')]),
      ]}
      striped
      highlightOnHover
    >
        <Table.Tbody>
          {calls.map((call) => (
            <Table.Tr key={call.id}>
              <Table.Td>{formatDateTime(call.at, i18n.language)}</Table.Td>
              <Table.Td ff="monospace">{call.tool ?? '—'}</Table.Td>
              <Table.Td>{call.upstreamLabel ?? call.upstream ?? '—'}</Table.Td>
              <Table.Td>
                <Badge color={outcomeColor(call.outcome)} variant="light">
                  {t(`outcome.${call.outcome}`, { defaultValue: call.outcome })}
                </Badge>
              </Table.Td>
              <Table.Td>{formatNumber(call.latencyMs, i18n.language)} ms</Table.Td>
              {!compact && <Table.Td>{call.errorCode ?? '—'}</Table.Td>}
              {!compact && <Table.Td>{call.tokenName ?? (call.tokenId ? call.tokenId : t('calls.session'))}</Table.Td>}
              {!compact && <Table.Td>{call.clientIp ?? '—'}</Table.Td>}
              {!compact && (
                <Table.Td>
                  {formatNumber(call.requestBytes, i18n.language)} / {formatNumber(call.responseBytes, i18n.language)}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
    </DataTable>
  );
}
