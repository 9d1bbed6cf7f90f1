import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import type { UpstreamStatus } from '../api/get-mcp-status';
import { DataTable } from '../../../components/data-table';

const BREAKER_COLOR: Record<string, string> = { CLOSED: 'teal', OPEN: 'red', HALF_OPEN: 'yellow', FORCED_OPEN: 'red' };

export function UpstreamsList({ upstreams }: { upstreams: UpstreamStatus[] }) {
  const { t, i18n } = useTranslation();
  if (upstreams.length === 0) return <Text c="dimmed">{t('overview.noUpstreams')}</Text>;
  return (
    <DataTable caption={t('overview.upstreams')} columns={[t('tools.upstream'), t('overview.breaker'), t('overview.calls'), t('overview.failures')]}>
        <Table.Tbody>
          {upstreams.map((u) => (
            <Table.Tr key={u.name}>
              <Table.Th scope="row">{u.label}</Table.Th>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Badge color={BREAKER_COLOR[u.breakerState] ?? 'gray'} variant="light" style={{ overflow: 'visible' }}>
                  {t(`breaker.${u.breakerState}`, { defaultValue: u.breakerState })}
                </Badge>
              </Table.Td>
              <Table.Td>{formatNumber(u.calls, i18n.language)}</Table.Td>
              <Table.Td>{formatNumber(u.failures, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
    </DataTable>
  );
}
