import { Button, Modal } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { ProblemAlert } from '../../../components/problem-alert';
import { secretHandoff } from '../../../lib/handoff';
import type { CreatedToken } from '../api/create-token';
import { useTokens, type ApiToken } from '../api/get-tokens';
import { useRevokeToken } from '../api/revoke-token';
import { CreatedTokenView } from '../components/created-token';
import { CreateTokenForm } from '../components/create-token-form';
import { EditPermissionsForm } from '../components/edit-permissions-form';
import { TokensTable } from '../components/tokens-table';
import { TokenUsageView } from '../components/token-usage';

export default function TokensRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [usageOf, setUsageOf] = useState<ApiToken | null>(null);
  const [editing, setEditing] = useState<ApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <Page title={t('tokens.title')} actions={<Button onClick={() => setCreating(true)}>{t('tokens.create')}</Button>}>
      <ProblemAlert error={tokens.error} />
      {tokens.isPending && <Loading />}
      {tokens.data && <TokensTable tokens={tokens.data} onUsage={setUsageOf} onPermissions={setEditing} onRevoke={setRevoking} />}

      <Modal opened={creating} onClose={() => setCreating(false)} title={t('tokens.create')} size="lg">
        <CreateTokenForm
          onCancel={() => setCreating(false)}
          onCreated={(token) => {
            setCreating(false);
            setCreated(token);
          }}
        />
      </Modal>
      <Modal opened={created !== null} onClose={() => setCreated(null)} title={t('tokens.createdTitle')} size="lg" closeOnClickOutside={false}>
        {created && (
          <CreatedTokenView
            created={created}
            onDone={() => setCreated(null)}
            onSetUpClient={() => {
              secretHandoff.give(created.token);
              setCreated(null);
              navigate('/connect');
            }}
          />
        )}
      </Modal>
      <Modal opened={usageOf !== null} onClose={() => setUsageOf(null)} title={usageOf ? t('tokens.usageOf', { name: usageOf.name }) : ''} size="xl">
        {usageOf && <TokenUsageView tokenId={usageOf.id} />}
      </Modal>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? t('tokens.editPermissionsOf', { name: editing.name }) : ''} size="lg">
        {editing && (
          <EditPermissionsForm
            token={editing}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              notifications.show({ color: 'teal', message: t('tokens.permissionsSaved') });
            }}
          />
        )}
      </Modal>
      <ConfirmDialog
        opened={revoking !== null}
        title={t('tokens.revoke')}
        message={revoking ? t('tokens.revokeConfirm', { name: revoking.name }) : ''}
        confirmLabel={t('tokens.revoke')}
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSettled: () => setRevoking(null),
            onSuccess: () => notifications.show({ color: 'teal', message: t('tokens.revoked') }),
            onError: (error) => notifications.show({ color: 'red', message: error.message }),
          })
        }
      />
    </Page>
  );
}
