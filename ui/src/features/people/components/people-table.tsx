import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../../components/data-table';
import { formatDateTime, formatNumber } from '../../../lib/format';
import type { Account } from '../api/get-accounts';
import type { AccountChange } from '../api/account-change';

export type Standing = 'enabled' | 'disabled' | 'locked';

export function standingOf(account: Account, now: number): Standing {
  if (!account.enabled) return 'disabled';
  if (account.lockedUntil && Date.parse(account.lockedUntil) > now) return 'locked';
  return 'enabled';
}

const STANDING_COLOR = { enabled: 'teal', disabled: 'gray', locked: 'orange' } as const;

// A badge keeps its whole word when the table is narrow: the table scrolls instead.
const WHOLE = { root: { overflow: 'visible' }, label: { overflow: 'visible' } } as const;

/**
 * Every account in the order given, with what each holds and what may be done to it. The last
 * enabled administrator's row says why it cannot be demoted, disabled or deleted instead of
 * offering buttons the bridge would refuse.
 */
export function PeopleTable({ accounts, lastAdminId, myId, onChange }: { accounts: Account[]; lastAdminId: string | null; myId: string | undefined; onChange: (account: Account, change: AccountChange) => void }) {
  const { t, i18n } = useTranslation();
  const now = Date.now();
  return (
    <DataTable
      caption={t('people.title')}
      columns={[t('people.account'), t('people.role'), t('people.standing'), t('people.registered'), t('people.lastSignIn'), t('people.tokens'), t('people.connections'), t('people.actions')]}
      striped
    >
      <Table.Tbody>
        {accounts.map((account) => {
          const standing = standingOf(account, now);
          const protectedSeat = account.userId === lastAdminId;
          return (
            <Table.Tr key={account.userId}>
              <Table.Th scope="row">
                <Text fw={600} size="sm">
                  {account.username}
                  {account.userId === myId ? ` (${t('people.you')})` : ''}
                </Text>
                {account.email && (
                  <Text size="xs" c="dimmed">
                    {account.email}
                  </Text>
                )}
              </Table.Th>
              <Table.Td>
                <Badge variant="light" color={account.role === 'ADMIN' ? 'grape' : 'blue'} styles={WHOLE}>
                  {t(`people.role_${account.role}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={STANDING_COLOR[standing]} styles={WHOLE}>
                  {t(`people.standing_${standing}`)}
                </Badge>
                {standing === 'locked' && (
                  <Text size="xs" c="dimmed">
                    {t('people.lockedUntil', { time: formatDateTime(account.lockedUntil, i18n.language) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{formatDateTime(account.registeredAt, i18n.language)}</Table.Td>
              <Table.Td>{account.lastLoginAt ? formatDateTime(account.lastLoginAt, i18n.language) : t('people.never')}</Table.Td>
              <Table.Td>{formatNumber(account.activeTokens, i18n.language)}</Table.Td>
              <Table.Td>{formatNumber(account.connections, i18n.language)}</Table.Td>
              <Table.Td>
                {protectedSeat ? (
                  <Text size="xs" c="dimmed" maw={220}>
                    {t('people.lastAdmin')}
                  </Text>
                ) : (
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => onChange(account, { kind: 'role', role: account.role === 'ADMIN' ? 'USER' : 'ADMIN' })}
                      aria-label={`${account.role === 'ADMIN' ? t('people.makeUser') : t('people.makeAdmin')}: ${account.username}`}
                    >
                      {account.role === 'ADMIN' ? t('people.makeUser') : t('people.makeAdmin')}
                    </Button>
                    <Button
                      size="xs"
                      variant="light"
                      color={account.enabled ? 'orange' : 'teal'}
                      onClick={() => onChange(account, { kind: account.enabled ? 'disable' : 'enable' })}
                      aria-label={`${account.enabled ? t('people.disable') : t('people.enable')}: ${account.username}`}
                    >
                      {account.enabled ? t('people.disable') : t('people.enable')}
                    </Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => onChange(account, { kind: 'delete' })} aria-label={`${t('people.delete')}: ${account.username}`}>
                      {t('people.delete')}
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </DataTable>
  );
}
