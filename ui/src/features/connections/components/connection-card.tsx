import { Badge, Button, Card, Group, Switch, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert';
import type { Connection } from '../api/get-connections';
import { useSaveConnection } from '../api/save-connection';
import { useTestConnection } from '../api/test-connection';
import { TestResultView } from './test-result';

/** One connection: its state, default/exposed switches, test, edit and delete. */
export function ConnectionCard({ connection, onEdit, onDelete }: { connection: Connection; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const save = useSaveConnection();
  const test = useTestConnection();
  const toggle = (patch: { default?: boolean; exposed?: boolean }) =>
    save.mutate({
      id: connection.id,
      definition: {
        name: connection.name,
        url: connection.url,
        ...(connection.timeout ? { timeout: connection.timeout } : {}),
        default: patch.default ?? connection.default,
        exposed: patch.exposed ?? connection.exposed,
      },
    });
  const result = test.data ?? connection.lastTest ?? null;
  return (
    <Card withBorder component="article" aria-labelledby={`connection-${connection.id}`}>
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3" id={`connection-${connection.id}`}>
          {connection.name}
        </Title>
        <Group gap="xs">
          {connection.default && <Badge>{t('connections.isDefault')}</Badge>}
          {connection.exposed && <Badge variant="light">{t('connections.isExposed')}</Badge>}
          {!connection.active && <Badge color="gray">{t('connections.inactive')}</Badge>}
        </Group>
      </Group>
      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {connection.url}
      </Text>
      {connection.tokenFingerprint && (
        <Text size="xs" c="dimmed">
          {t('connections.fingerprint', { value: connection.tokenFingerprint })}
        </Text>
      )}
      <Group mt="sm">
        <Switch
          label={t('connections.makeDefault')}
          checked={connection.default}
          disabled={save.isPending || connection.default}
          onChange={(e) => toggle({ default: e.currentTarget.checked })}
        />
        <Switch label={t('connections.exposed')} checked={connection.exposed} disabled={save.isPending} onChange={(e) => toggle({ exposed: e.currentTarget.checked })} />
      </Group>
      <ProblemAlert error={save.error} />
      <div aria-live="polite">
        <ProblemAlert error={test.error} />
        {result && <TestResultView result={result} />}
      </div>
      <Group mt="md">
        <Button variant="light" loading={test.isPending} onClick={() => test.mutate({ id: connection.id })} aria-label={`${t('connections.testSaved')}: ${connection.name}`}>
          {t('connections.test')}
        </Button>
        <Button variant="default" onClick={onEdit} aria-label={t('connections.edit', { name: connection.name })}>
          {t('connections.editButton')}
        </Button>
        <Button color="red" variant="subtle" onClick={onDelete} aria-label={`${t('connections.delete')}: ${connection.name}`}>
          {t('connections.delete')}
        </Button>
      </Group>
    </Card>
  );
}
