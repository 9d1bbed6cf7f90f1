import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../lib/format';
import type { CallItem } from '../api/get-calls';
import { TableScroll } from '../../../components/table-scroll';

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
    <TableScroll label={caption}>
      <Table striped highlightOnHover>
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('calls.at')}</Table.Th>
            <Table.Th scope="col">{t('calls.tool')}</Table.Th>
            <Table.Th scope="col">{t('calls.upstream')}</Table.Th>
            <Table.Th scope="col">{t('calls.outcome')}</Table.Th>
            <Table.Th scope="col">{t('calls.latency')}</Table.Th>
            {!compact && <Table.Th scope="col">{t('calls.errorCode')}</Table.Th>}
            {!compact && <Table.Th scope="col">{t('calls.credential')}</Table.Th>}
            {!compact && <Table.Th scope="col">{t('calls.client')}</Table.Th>}
            {!compact && <Table.Th scope="col">{t('calls.bytes')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
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
      </Table>
    </TableScroll>
  );
}
