import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallFilters } from '../api/get-calls';
import { OUTCOMES } from '../api/get-calls';
import { useTokenChoices } from '../api/get-token-choices';

export type Range = '1h' | '24h' | '7d' | '30d' | 'custom';
export type FilterForm = { range: Range; from: string; to: string; tool: string; upstream: string; tokenId: string; outcome: string };

export const emptyFilters: FilterForm = { range: '24h', from: '', to: '', tool: '', upstream: '', tokenId: '', outcome: '' };

const RANGE_MS: Record<Exclude<Range, 'custom'>, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };

/** The API's filters from the form; a preset range stays open-ended so live calls still belong to it. */
export function toFilters(form: FilterForm, now = Date.now()): CallFilters {
  const local = (value: string) => (value ? new Date(value).toISOString() : undefined);
  return {
    from: form.range === 'custom' ? local(form.from) : new Date(now - RANGE_MS[form.range]).toISOString(),
    to: form.range === 'custom' ? local(form.to) : undefined,
    tool: form.tool.trim() || undefined,
    upstream: form.upstream.trim() || undefined,
    tokenId: form.tokenId || undefined,
    outcome: form.outcome || undefined,
  };
}

export function CallFiltersForm({ initial, onApply }: { initial: FilterForm; onApply: (form: FilterForm) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const tokens = useTokenChoices();
  const set = (patch: Partial<FilterForm>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <form
      aria-label={t('calls.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(form);
      }}
    >
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Select
          label={t('calls.range')}
          value={form.range}
          allowDeselect={false}
          onChange={(v) => v && set({ range: v as Range })}
          data={[
            { value: '1h', label: t('calls.lastHour') },
            { value: '24h', label: t('calls.last24h') },
            { value: '7d', label: t('calls.last7d') },
            { value: '30d', label: t('calls.last30d') },
            { value: 'custom', label: t('calls.custom') },
          ]}
        />
        {form.range === 'custom' && (
          <>
            <TextInput type="datetime-local" label={t('calls.from')} value={form.from} onChange={(e) => set({ from: e.currentTarget.value })} />
            <TextInput type="datetime-local" label={t('calls.to')} value={form.to} onChange={(e) => set({ to: e.currentTarget.value })} />
          </>
        )}
        <TextInput label={t('calls.tool')} value={form.tool} onChange={(e) => set({ tool: e.currentTarget.value })} />
        <TextInput label={t('calls.upstream')} value={form.upstream} onChange={(e) => set({ upstream: e.currentTarget.value })} />
        <Select
          label={t('calls.token')}
          value={form.tokenId}
          onChange={(v) => set({ tokenId: v ?? '' })}
          data={[{ value: '', label: t('calls.anyToken') }, ...(tokens.data ?? []).map((tk) => ({ value: tk.id, label: tk.name }))]}
        />
        <Select
          label={t('calls.outcome')}
          value={form.outcome}
          onChange={(v) => set({ outcome: v ?? '' })}
          data={[{ value: '', label: t('calls.anyOutcome') }, ...OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))]}
        />
      </SimpleGrid>
      <Group mt="sm">
        <Button type="submit">{t('calls.apply')}</Button>
        <Button
          variant="default"
          onClick={() => {
            setForm(emptyFilters);
            onApply(emptyFilters);
          }}
        >
          {t('calls.reset')}
        </Button>
      </Group>
    </form>
  );
}
