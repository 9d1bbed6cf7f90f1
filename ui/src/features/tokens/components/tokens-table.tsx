import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../lib/format';
import type { ApiToken } from '../api/get-tokens';
import { DataTable } from '../../../components/data-table';

type Handlers = { onUsage: (token: ApiToken) => void; onPermissions: (token: ApiToken) => void; onRevoke: (token: ApiToken) => void };

const STATUS_COLOR = { ACTIVE: 'teal', EXPIRED: 'gray', REVOKED: 'red' } as const;

export function TokensTable({ tokens, onUsage, onPermissions, onRevoke }: { tokens: ApiToken[] } & Handlers) {
  const { t, i18n } = useTranslation();
  if (tokens.length === 0) return <Text c="dimmed">{t('tokens.none')}</Text>;
  return (
    <DataTable caption={t('tokens.title')} columns={[t('tokens.name'), t('tokens.prefix'), t('tokens.status'), t('tokens.created'), t('tokens.expires'), t('tokens.lastUsed'), t('tokens.uses'), t('tokens.actions')]} striped>
        <Table.Tbody>
          {tokens.map((token) => (
            <Table.Tr key={token.id}>
              <Table.Th scope="row">{token.name}</Table.Th>
              <Table.Td ff="monospace">{token.prefix}…</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[token.status] ?? 'gray'} variant="light">
                  {t(`tokens.${token.status}`, { defaultValue: token.status })}
                </Badge>
              </Table.Td>
              <Table.Td>{formatDateTime(token.createdAt, i18n.language)}</Table.Td>
              <Table.Td>{formatDateTime(token.expiresAt, i18n.language)}</Table.Td>
              <Table.Td>
                {formatDateTime(token.lastUsedAt, i18n.language)}
                {token.lastIp && (
                  <Text size="xs" c="dimmed">
                    {t('tokens.lastUsedFrom', { ip: token.lastIp })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatNumber(token.uses, i18n.language)}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button size="xs" variant="light" onClick={() => onUsage(token)} aria-label={t('tokens.usageOf', { name: token.name })}>
                    {t('tokens.usage')}
                  </Button>
                  <Button size="xs" variant="default" disabled={token.status !== 'ACTIVE'} onClick={() => onPermissions(token)} aria-label={t('tokens.editPermissionsOf', { name: token.name })}>
                    {t('tokens.editPermissions')}
                  </Button>
                  <Button size="xs" color="red" variant="subtle" disabled={token.status !== 'ACTIVE'} onClick={() => onRevoke(token)} aria-label={`${t('tokens.revoke')}: ${token.name}`}>
                    {t('tokens.revoke')}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
    </DataTable>
  );
}
