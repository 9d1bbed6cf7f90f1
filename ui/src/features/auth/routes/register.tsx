import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PublicLayout } from '../../../components/layout/public-layout';
import { RegisterForm } from '../components/register-form';

export function RegisterRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useEffect(() => {
    document.title = `${t('auth.register')} · ${t('app.name')}`;
  }, [t]);
  return (
    <PublicLayout>
      <RegisterForm onRegistered={() => navigate('/sign-in', { state: { registered: true } })} />
    </PublicLayout>
  );
}
