import { Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ToolRight } from '../api/get-my-permissions';
import { DataTable } from '../../../components/data-table';

const LEVEL_COLOR = { read: 'blue', write: 'orange', execute: 'red' } as const;

/** Every tool I can reach, searchable and filterable by level, upstream and whether I may call it. */
export function ToolsTable({ tools, selected, onSelect }: { tools: ToolRight[]; selected: string | null; onSelect: (tool: ToolRight) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [level, setLevel] = useState('');
  const [upstream, setUpstream] = useState('');
  const [allowed, setAllowed] = useState('');
  const upstreams = useMemo(() => [...new Set(tools.map((tool) => tool.upstream ?? ''))].filter(Boolean).sort(), [tools]);
  // A Home Assistant connection's upstream is its id; people know it by the name they gave it.
  const labelOf = (name: string) => tools.find((tool) => tool.upstream === name)?.upstreamLabel ?? name;
  const shown = tools.filter(
    (tool) =>
      tool.tool.toLowerCase().includes(search.trim().toLowerCase()) &&
      (!level || tool.requiredLevel === level) &&
      (!upstream || tool.upstream === upstream) &&
      (!allowed || String(tool.allowed) === allowed),
  );
  return (
    <div>
      <Group align="flex-end" wrap="wrap" mb="sm">
        <TextInput label={t('tools.search')} type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        <Select
          label={t('tools.filterLevel')}
          value={level}
          onChange={(v) => setLevel(v ?? '')}
          data={[{ value: '', label: t('tools.all') }, ...(['read', 'write', 'execute'] as const).map((l) => ({ value: l, label: t(`level.${l}`) }))]}
          w={150}
        />
        <Select label={t('tools.filterUpstream')} value={upstream} onChange={(v) => setUpstream(v ?? '')} data={[{ value: '', label: t('tools.all') }, ...upstreams.map((u) => ({ value: u, label: labelOf(u) }))]} w={170} />
        <Select
          label={t('tools.filterAllowed')}
          value={allowed}
          onChange={(v) => setAllowed(v ?? '')}
          data={[
            { value: '', label: t('tools.all') },
            { value: 'true', label: t('tools.onlyAllowed') },
            { value: 'false', label: t('tools.onlyRefused') },
          ]}
          w={240}
        />
      </Group>
      <Text size="sm" c="dimmed" role="status" aria-live="polite">
        {t('tools.count', { shown: shown.length, total: tools.length })}
      </Text>
      {shown.length === 0 ? (
        <Text c="dimmed">{t('tools.none')}</Text>
      ) : (
        <DataTable caption={t('tools.title')} columns={[t('tools.tool'), t('tools.upstream'), t('tools.level'), t('tools.myLevels'), t('tools.allowed'), <span className="visually-hidden">{t('tools.test')}</span>]} striped highlightOnHover>
            <Table.Tbody>
              {shown.map((tool) => (
                <Table.Tr key={tool.tool} aria-selected={selected === tool.tool}>
                  <Table.Th scope="row" ff="monospace" fw={500}>{tool.tool}</Table.Th>
                  <Table.Td>{tool.upstreamLabel ?? tool.upstream ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={LEVEL_COLOR[tool.requiredLevel] ?? 'gray'} variant="light">{t(`level.${tool.requiredLevel}`)}</Badge>
                  </Table.Td>
                  <Table.Td>{tool.grantedLevels.map((l) => t(`level.${l}`)).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={tool.allowed ? 'teal' : 'gray'}>{tool.allowed ? t('tools.mayCall') : t('tools.mayNotCall')}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant={selected === tool.tool ? 'filled' : 'light'} onClick={() => onSelect(tool)} aria-label={t('tools.testTool', { tool: tool.tool })}>
                      {t('tools.test')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
        </DataTable>
      )}
    </div>
  );
}
