import { Badge, Button, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import type { SessionInfo } from '../api/get-sessions';
import { DataTable } from '../../../components/data-table';

export function SessionsTable({ sessions, onEnd }: { sessions: SessionInfo[]; onEnd: (session: SessionInfo) => void }) {
  const { t, i18n } = useTranslation();
  if (sessions.length === 0) return <Text c="dimmed">{t('profile.noSessions')}</Text>;
  return (
    <DataTable caption={t('profile.sessions')} columns={[t('profile.started'), t('profile.lastRefreshed'), t('profile.expires'), t('profile.from'), t('profile.browser'), <span className="visually-hidden">{t('profile.endSession')}</span>]} striped>
        <Table.Tbody>
          {sessions.map((session) => (
            <Table.Tr key={session.sessionId}>
              <Table.Td>
                {formatDateTime(session.startedAt, i18n.language)} {session.current && <Badge ml={4}>{t('profile.current')}</Badge>}
              </Table.Td>
              <Table.Td>{formatDateTime(session.lastRefreshedAt, i18n.language)}</Table.Td>
              <Table.Td>{formatDateTime(session.expiresAt, i18n.language)}</Table.Td>
              <Table.Td>{session.clientIp ?? '—'}</Table.Td>
              <Table.Td style={{ maxWidth: 260, overflowWrap: 'anywhere' }}>{session.userAgent ?? '—'}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  onClick={() => onEnd(session)}
                  aria-label={session.current ? `${t('profile.endSession')} (${t('profile.current')})` : `${t('profile.endSession')} ${formatDateTime(session.startedAt, i18n.language)}`}
                >
                  {t('profile.endSession')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
    </DataTable>
  );
}
