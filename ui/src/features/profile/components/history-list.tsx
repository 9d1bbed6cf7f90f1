import { Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert';
import { formatDateTime } from '../../../lib/format';
import { useHistory } from '../api/get-history';
import { TableScroll } from '../../../components/table-scroll';

/** My account's history: known event types translated, others as the server's summary. */
export function HistoryList() {
  const { t, i18n } = useTranslation();
  const history = useHistory();
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  if (history.error) return <ProblemAlert error={history.error} />;
  if (history.isSuccess && items.length === 0) return <Text c="dimmed">{t('profile.noHistory')}</Text>;
  return (
    <>
      <TableScroll label={t('profile.history')}>
        <Table striped>
          <caption className="visually-hidden">{t('profile.history')}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('profile.when')}</Table.Th>
              <Table.Th scope="col">{t('profile.what')}</Table.Th>
              <Table.Th scope="col">{t('profile.from')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item, index) => (
              <Table.Tr key={`${item.at}-${index}`}>
                <Table.Td>{formatDateTime(item.at, i18n.language)}</Table.Td>
                <Table.Td title={item.summary}>{i18n.exists(`history.${item.type}`) ? t(`history.${item.type}`) : item.summary}</Table.Td>
                <Table.Td>{item.clientIp ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {history.hasNextPage && (
        <Button variant="light" mt="sm" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          {t('app.loadMore')}
        </Button>
      )}
    </>
  );
}
