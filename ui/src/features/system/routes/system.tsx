import { Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { ProblemAlert } from '../../../components/problem-alert';
import { ReasonDialog } from '../../../components/reason-dialog';
import { downloadFile } from '../../../lib/download';
import { formatBytes, formatDateTime, formatDuration, formatNumber } from '../../../lib/format';
import { useCleanup } from '../api/cleanup';
import { useMasterKey } from '../api/get-master-key';
import { useSystemStats } from '../api/get-stats';
import { useSystemInfo } from '../api/get-system';
import { useRotateMasterKey } from '../api/rotate-master-key';
import { CallsByOutcome } from '../components/calls-by-outcome';

/** A card of facts: a heading and its label-value rows. */
function Facts({ title, rows, children }: { title: string; rows: [string, ReactNode][]; children?: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Table variant="vertical" withRowBorders={false}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th scope="row" w="50%">
                  {label}
                </Table.Th>
                <Table.Td>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {children}
      </Stack>
    </Card>
  );
}

/** System: what the bridge is and holds, its master key, and the request log's purge on demand. */
export default function SystemRoute() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const info = useSystemInfo();
  const stats = useSystemStats();
  const key = useMasterKey();
  const cleanup = useCleanup();
  const rotate = useRotateMasterKey();
  const [asking, setAsking] = useState<'cleanup' | 'rotate' | 'backup' | null>(null);
  const [backingUp, setBackingUp] = useState(false);
  const [backupError, setBackupError] = useState<unknown>(null);

  const backup = (reason: string) => {
    setBackingUp(true);
    setBackupError(null);
    downloadFile('/admin/security/backup', 'ha-mcp-bridge.backup', { method: 'POST', headers: reason.trim() ? { 'X-Audit-Reason': reason.trim() } : {} })
      .then(() => done(t('system.backupDone')))
      .catch(setBackupError)
      .finally(() => setBackingUp(false));
  };

  const done = (message: string) => {
    setAsking(null);
    notifications.show({ color: 'teal', message });
  };

  return (
    <Page title={t('system.title')}>
      <ProblemAlert error={info.error ?? stats.error ?? key.error} />
      {(info.isPending || stats.isPending) && <Loading />}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {info.data && (
          <Facts
            title={t('system.bridge')}
            rows={[
              [t('system.version'), info.data.version],
              [t('system.builtAt'), formatDateTime(info.data.builtAt, lang)],
              [t('system.java'), info.data.java],
            ]}
          />
        )}
        {info.data && stats.data && (
          <Facts
            title={t('system.database')}
            rows={[
              [t('system.databaseKind'), t(`system.database_${info.data.database}`)],
              [t('system.databaseServer'), info.data.databaseServer],
              [t('system.databaseSize'), formatBytes(stats.data.databaseBytes, lang)],
              [t('system.events'), formatNumber(stats.data.events, lang)],
              [t('system.users'), formatNumber(stats.data.users, lang)],
              [t('system.sessions'), formatNumber(stats.data.openSignInSessions, lang)],
            ]}
          />
        )}
        {stats.data && (
          <Facts
            title={t('system.calls')}
            rows={[
              [t('system.failedLastDay'), formatNumber(stats.data.callsLastDayFailed, lang)],
              [t('system.requestLog'), t('system.requestLogSize', { rows: formatNumber(stats.data.requestLogRows, lang), size: formatBytes(stats.data.requestLogBytes, lang) })],
              [t('system.logFiles'), t('system.logFilesSize', { files: formatNumber(stats.data.logFiles, lang), size: formatBytes(stats.data.logBytes, lang) })],
            ]}
          >
            <CallsByOutcome counts={stats.data.callsLastDay} />
          </Facts>
        )}
        {info.data && (
          <Facts
            title={t('system.retention')}
            rows={[
              [t('system.requestLogRetention'), formatDuration(info.data.requestLogRetention, lang)],
              [t('system.logFileRetention'), formatDuration(`PT${info.data.logFileRetentionDays * 24}H`, lang)],
              [t('system.checkpointInterval'), formatDuration(info.data.checkpointInterval, lang)],
            ]}
          >
            <Group>
              <Button
                variant="light"
                onClick={() => {
                  cleanup.reset();
                  setAsking('cleanup');
                }}
              >
                {t('system.cleanup')}
              </Button>
            </Group>
          </Facts>
        )}
        {key.data && (
          <Facts
            title={t('system.masterKey')}
            rows={[
              [t('system.currentKey'), <Text key="current" ff="monospace" size="sm">{key.data.currentKeyId}</Text>],
              [t('system.retiredKeys'), key.data.retiredKeyIds.length ? key.data.retiredKeyIds.join(', ') : t('app.none')],
              [t('system.keyKept'), key.data.fileManaged ? t('system.keyInDataDirectory') : t('system.keyConfigured')],
            ]}
          >
            <Group>
              <Button
                variant="light"
                color="orange"
                onClick={() => {
                  rotate.reset();
                  setAsking('rotate');
                }}
              >
                {t('system.rotate')}
              </Button>
            </Group>
          </Facts>
        )}
        <Card withBorder padding="md" component="section" aria-label={t('system.backup')}>
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('system.backup')}
            </Title>
            <Text size="sm">{t('system.backupText')}</Text>
            <Group>
              <Button
                variant="light"
                onClick={() => {
                  setBackupError(null);
                  setAsking('backup');
                }}
              >
                {t('system.backupDownload')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </SimpleGrid>
      <ReasonDialog
        opened={asking === 'backup'}
        title={t('system.backupDownload')}
        message={t('system.backupConfirm')}
        confirmLabel={t('system.backupNow')}
        busy={backingUp}
        error={backupError}
        onConfirm={backup}
        onCancel={() => setAsking(null)}
      />
      <ReasonDialog
        opened={asking === 'cleanup'}
        title={t('system.cleanup')}
        message={info.data ? t('system.cleanupConfirm', { retention: formatDuration(info.data.requestLogRetention, lang) }) : ''}
        confirmLabel={t('system.cleanupNow')}
        danger
        busy={cleanup.isPending}
        error={cleanup.error}
        onConfirm={(reason) => cleanup.mutate(reason, { onSuccess: (result) => done(t('system.cleaned', { count: result.deleted })) })}
        onCancel={() => setAsking(null)}
      />
      <ReasonDialog
        opened={asking === 'rotate'}
        title={t('system.rotate')}
        message={t('system.rotateConfirm')}
        confirmLabel={t('system.rotateNow')}
        busy={rotate.isPending}
        error={rotate.error}
        onConfirm={(reason) => rotate.mutate(reason, { onSuccess: (result) => done(t('system.rotated', { count: result.rewrapped, key: result.toKeyId })) })}
        onCancel={() => setAsking(null)}
      />
    </Page>
  );
}
