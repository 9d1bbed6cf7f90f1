import { Button, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PublicLayout } from '../../../components/layout/public-layout';
import { useAuth } from '../../../lib/auth';
import { ChangePasswordForm } from '../components/change-password-form';

/** The forced password change of the first administrator: nothing else until it is done. */
export default function ChangePasswordRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signOut } = useAuth();
  const queryClient = useQueryClient();
  useEffect(() => {
    document.title = `${t('auth.changePasswordTitle')} · ${t('app.name')}`;
  }, [t]);
  return (
    <PublicLayout>
      <Stack>
        <Title order={1} size="h2">
          {t('auth.changePasswordTitle')}
        </Title>
        <Text size="sm">{t('auth.changePasswordForced')}</Text>
        <ChangePasswordForm onChanged={() => { void queryClient.invalidateQueries(); navigate('/', { replace: true }); }} />
        <Button variant="subtle" onClick={() => void signOut().finally(() => navigate('/sign-in', { replace: true }))}>
          {t('shell.signOut')}
        </Button>
      </Stack>
    </PublicLayout>
  );
}
