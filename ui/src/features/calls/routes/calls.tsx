import { Button, Card, Group, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../../components/page';
import { ProblemAlert } from '../../../components/problem-alert';
import { useExportCalls } from '../api/export-calls';
import { useCalls } from '../api/get-calls';
import { CallFiltersForm, emptyFilters, toFilters, type FilterForm } from '../components/call-filters';
import { CallsTable } from '../components/calls-table';

/** My call log: filters, server-side cursor pages, export, and live calls from the stream. */
export default function CallsRoute() {
  const { t } = useTranslation();
  const [form, setForm] = useState<FilterForm>(emptyFilters);
  const [applied, setApplied] = useState(0);
  // The range is computed when filters are applied, so the query key stays put between renders.
  const filters = useMemo(() => toFilters(form), [form, applied]);
  const calls = useCalls(filters);
  const exporter = useExportCalls();
  const items = calls.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page
      title={t('calls.title')}
      actions={
        <Group>
          <Button variant="default" loading={exporter.isPending && exporter.variables?.format === 'csv'} onClick={() => exporter.mutate({ format: 'csv', filters })}>
            {t('calls.exportCsv')}
          </Button>
          <Button variant="default" loading={exporter.isPending && exporter.variables?.format === 'json'} onClick={() => exporter.mutate({ format: 'json', filters })}>
            {t('calls.exportJson')}
          </Button>
        </Group>
      }
    >
      <ProblemAlert error={exporter.error} />
      <Card withBorder>
        <CallFiltersForm
          initial={form}
          onApply={(next) => {
            setForm(next);
            setApplied((n) => n + 1);
          }}
        />
      </Card>
      <ProblemAlert error={calls.error} />
      <section aria-labelledby="calls-list-title">
        <h2 id="calls-list-title" className="visually-hidden">
          {t('calls.title')}
        </h2>
        <Text size="sm" c="dimmed" role="status" aria-live="polite">
          {t('calls.shown', { count: items.length })}
        </Text>
        {calls.isSuccess && <CallsTable calls={items} caption={t('calls.title')} />}
        {calls.hasNextPage && (
          <Button mt="sm" variant="light" loading={calls.isFetchingNextPage} onClick={() => void calls.fetchNextPage()}>
            {t('app.loadMore')}
          </Button>
        )}
      </section>
    </Page>
  );
}
