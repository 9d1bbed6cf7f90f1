import { Group, Select, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../lib/me';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { ProblemAlert } from '../../../components/problem-alert';
import { ReasonDialog } from '../../../components/reason-dialog';
import { useChangeAccount, type AccountChange } from '../api/account-change';
import { useAccounts, type Account } from '../api/get-accounts';
import { PeopleTable } from '../components/people-table';

type Sort = 'username' | 'registered' | 'lastSignIn' | 'role';

const SORTS: Record<Sort, (a: Account, b: Account) => number> = {
  username: (a, b) => a.username.localeCompare(b.username),
  registered: (a, b) => b.registeredAt.localeCompare(a.registeredAt),
  lastSignIn: (a, b) => (b.lastLoginAt ?? '').localeCompare(a.lastLoginAt ?? ''),
  role: (a, b) => a.role.localeCompare(b.role) || a.username.localeCompare(b.username),
};

/** The catalog's key of a change: disable, enable, delete, role_USER or role_ADMIN. */
function keyOf(change: AccountChange): string {
  return change.kind === 'role' ? `role_${change.role}` : change.kind;
}

/** People: every account, searchable and sortable, with the changes an administrator may make. */
export default function PeopleRoute() {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const me = useMe();
  const change = useChangeAccount();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('username');
  const [target, setTarget] = useState<{ account: Account; change: AccountChange } | null>(null);

  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (accounts.data ?? [])
      .filter((a) => !needle || a.username.toLowerCase().includes(needle) || (a.email ?? '').toLowerCase().includes(needle))
      .sort(SORTS[sort]);
  }, [accounts.data, search, sort]);
  // The bridge refuses to demote, disable or delete the last enabled administrator; the page says so first.
  const lastAdminId = useMemo(() => {
    const admins = (accounts.data ?? []).filter((a) => a.role === 'ADMIN' && a.enabled);
    return admins.length === 1 ? (admins[0]?.userId ?? null) : null;
  }, [accounts.data]);

  const confirm = (reason: string) => {
    if (!target) return;
    change.mutate(
      { userId: target.account.userId, change: target.change, reason },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('people.changed', { name: target.account.username }) });
          setTarget(null);
        },
      },
    );
  };

  return (
    <Page title={t('people.title')}>
      <Group align="flex-end">
        <TextInput label={t('people.search')} placeholder={t('people.searchHint')} value={search} onChange={(event) => setSearch(event.currentTarget.value)} type="search" />
        <Select
          label={t('people.sortBy')}
          value={sort}
          onChange={(value) => setSort((value as Sort) ?? 'username')}
          allowDeselect={false}
          data={(Object.keys(SORTS) as Sort[]).map((key) => ({ value: key, label: t(`people.sort_${key}`) }))}
        />
      </Group>
      <ProblemAlert error={accounts.error} />
      {accounts.isPending && <Loading />}
      {accounts.data && (
        <>
          <Text size="sm" c="dimmed" role="status">
            {t('people.count', { shown: shown.length, total: accounts.data.length })}
          </Text>
          <PeopleTable
            accounts={shown}
            lastAdminId={lastAdminId}
            myId={me.data?.userId}
            onChange={(account, next) => {
              change.reset();
              setTarget({ account, change: next });
            }}
          />
        </>
      )}
      <ReasonDialog
        opened={target !== null}
        title={target ? t(`people.confirmTitle_${keyOf(target.change)}`, { name: target.account.username }) : ''}
        message={target ? t(`people.confirmText_${keyOf(target.change)}`, { name: target.account.username }) : ''}
        confirmLabel={target ? t(`people.confirm_${keyOf(target.change)}`) : ''}
        danger={target?.change.kind === 'delete' || target?.change.kind === 'disable'}
        busy={change.isPending}
        error={change.error}
        onConfirm={confirm}
        onCancel={() => setTarget(null)}
      />
    </Page>
  );
}
