import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert';
import { formatDateTime } from '../../../lib/format';
import { useHistory } from '../api/get-history';
import { DataTable } from '../../../components/data-table';

/** My account's history: known event types translated, others as the server's summary. */
export function HistoryList() {
  const { t, i18n } = useTranslation();
  const history = useHistory();
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  if (history.error) return <ProblemAlert error={history.error} />;
  if (history.isSuccess && items.length === 0) return <Text c="dimmed">{t('profile.noHistory')}</Text>;
  return (
    <>
      <DataTable caption={t('profile.history')} columns={[t('profile.when'), t('profile.what'), t('profile.from')]} striped>
          <Table.Tbody>
            {items.map((item, index) => (
              <Table.Tr key={`${item.at}-${index}`}>
                <Table.Td>{formatDateTime(item.at, i18n.language)}</Table.Td>
                <Table.Td title={item.summary}>{i18n.exists(`history.${item.type}`) ? t(`history.${item.type}`) : item.summary}</Table.Td>
                <Table.Td>{item.clientIp ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
      </DataTable>
      {history.hasNextPage && (
        <Button variant="light" mt="sm" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          {t('app.loadMore')}
        </Button>
      )}
    </>
  );
}
