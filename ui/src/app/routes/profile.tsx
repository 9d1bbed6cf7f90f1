import { Card, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { useMe } from '../../lib/me';
import { Page } from '../../components/page';
import { ProblemAlert } from '../../components/problem-alert';
import { ChangePasswordForm } from '../../features/auth/components/change-password-form';
import { useEndSession } from '../../features/profile/api/end-session';
import { useSessions, type SessionInfo } from '../../features/profile/api/get-sessions';
import { HistoryList } from '../../features/profile/components/history-list';
import { SessionsTable } from '../../features/profile/components/sessions-table';
import { useAuth } from '../../lib/auth';

/** Profile and security: password (auth feature), sessions and history (profile feature). */
export default function ProfileRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const sessions = useSessions();
  const end = useEndSession();
  const { forget } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [ending, setEnding] = useState<SessionInfo | null>(null);
  return (
    <Page title={t('profile.title')}>
      {me.data && (
        <Card withBorder component="section" aria-labelledby="pf-account">
          <Title order={2} size="h4" id="pf-account" mb="xs">{t('profile.account')}</Title>
          <Text>{me.data.username}{me.data.email ? ` · ${me.data.email}` : ''}</Text>
          <Text size="sm" c="dimmed">{t('profile.role')}: {me.data.role}</Text>
        </Card>
      )}
      <Card withBorder component="section" aria-labelledby="pf-password">
        <Title order={2} size="h4" id="pf-password" mb="xs">{t('auth.changePassword')}</Title>
        <ChangePasswordForm
          username={me.data?.username}
          onChanged={() => {
            notifications.show({ color: 'teal', message: t('auth.passwordChanged') });
            void queryClient.invalidateQueries({ queryKey: ['auth'] });
          }}
        />
      </Card>
      <Card withBorder component="section" aria-labelledby="pf-sessions">
        <Title order={2} size="h4" id="pf-sessions" mb="xs">{t('profile.sessions')}</Title>
        <ProblemAlert error={sessions.error} />
        <ProblemAlert error={end.error} />
        {sessions.data && <SessionsTable sessions={sessions.data} onEnd={setEnding} />}
      </Card>
      <Card withBorder component="section" aria-labelledby="pf-history">
        <Title order={2} size="h4" id="pf-history" mb="xs">{t('profile.history')}</Title>
        <HistoryList />
      </Card>
      <ConfirmDialog
        opened={ending !== null}
        title={t('profile.endSession')}
        message={ending?.current ? t('profile.endCurrentConfirm') : t('profile.endOtherConfirm')}
        confirmLabel={t('profile.endSession')}
        busy={end.isPending}
        onCancel={() => setEnding(null)}
        onConfirm={() =>
          ending &&
          end.mutate(ending.sessionId, {
            onSettled: () => setEnding(null),
            onSuccess: () => {
              if (ending.current) {
                forget();
                queryClient.clear();
                navigate('/sign-in', { replace: true });
              } else {
                notifications.show({ color: 'teal', message: t('profile.sessionEnded') });
              }
            },
          })
        }
      />
    </Page>
  );
}
