import { Button, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { ProblemAlert } from '../../../components/problem-alert';
import { useDeleteConnection } from '../api/delete-connection';
import { useConnections, type Connection } from '../api/get-connections';
import { ConnectionCard } from '../components/connection-card';
import { ConnectionForm } from '../components/connection-form';

export default function ConnectionsRoute() {
  const { t } = useTranslation();
  const connections = useConnections();
  const remove = useDeleteConnection();
  const [editing, setEditing] = useState<Connection | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Connection | null>(null);
  const close = () => setEditing(null);
  return (
    <Page title={t('connections.title')} actions={<Button onClick={() => setEditing('new')}>{t('connections.add')}</Button>}>
      <ProblemAlert error={connections.error} />
      {connections.isPending && <Loading />}
      {connections.data?.length === 0 && <Text c="dimmed">{t('connections.none')}</Text>}
      <Stack>
        {connections.data?.map((connection) => (
          <ConnectionCard key={connection.id} connection={connection} onEdit={() => setEditing(connection)} onDelete={() => setDeleting(connection)} />
        ))}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={close}
        size="lg"
        title={editing && editing !== 'new' ? t('connections.edit', { name: editing.name }) : t('connections.add')}
      >
        {editing !== null && (
          <ConnectionForm
            connection={editing === 'new' ? undefined : editing}
            onCancel={close}
            onSaved={(saved) => {
              close();
              notifications.show({ color: 'teal', message: t('connections.saved') });
              saved.warnings?.forEach((warning) => notifications.show({ color: 'yellow', message: warning }));
            }}
          />
        )}
      </Modal>
      <ConfirmDialog
        opened={deleting !== null}
        title={t('connections.delete')}
        message={deleting ? t('connections.deleteConfirm', { name: deleting.name }) : ''}
        confirmLabel={t('connections.delete')}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              setDeleting(null);
              notifications.show({ color: 'teal', message: t('connections.deleted') });
            },
            onError: (error) => {
              setDeleting(null);
              notifications.show({ color: 'red', message: error.message });
            },
          })
        }
      />
    </Page>
  );
}
