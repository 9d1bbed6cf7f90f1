import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { PublicLayout } from '../../../components/layout/public-layout';
import { useAuth } from '../../../lib/auth';
import { SignInForm } from '../components/sign-in-form';

type SignInState = { from?: string; registered?: boolean } | null;

export function SignInRoute() {
  const { t } = useTranslation();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const state = useLocation().state as SignInState;
  useEffect(() => {
    document.title = `${t('auth.signIn')} · ${t('app.name')}`;
  }, [t]);
  return (
    <PublicLayout>
      <SignInForm
        notice={state?.registered ? t('auth.registered') : undefined}
        onSignedIn={(tokens) => {
          signIn(tokens);
          const from = state?.from && state.from !== '/sign-in' ? state.from : '/';
          navigate(tokens.passwordChangeRequired ? '/change-password' : from, { replace: true });
        }}
      />
    </PublicLayout>
  );
}
