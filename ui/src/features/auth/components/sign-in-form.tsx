import { zodResolver } from '@hookform/resolvers/zod';
import { Anchor, Button, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { ProblemAlert } from '../../../components/problem-alert';
import type { Tokens } from '../../../lib/auth-store';
import { useLogin } from '../api/login';

const schema = z.object({ username: z.string().trim().min(1), password: z.string().min(1) });
type Values = z.infer<typeof schema>;

export function SignInForm({ onSignedIn, notice }: { onSignedIn: (tokens: Tokens) => void; notice?: string }) {
  const { t } = useTranslation();
  const login = useLogin();
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { username: '', password: '' } });
  const submit = handleSubmit((values) => login.mutate(values, { onSuccess: onSignedIn }));
  return (
    <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
      <Stack>
        <Title order={1} size="h2" id="sign-in-title">
          {t('auth.signInTitle')}
        </Title>
        {notice && (
          <div role="status" aria-live="polite">
            {notice}
          </div>
        )}
        <TextInput label={t('auth.username')} autoComplete="username" required {...register('username')} error={formState.errors.username && t('auth.required')} />
        <PasswordInput label={t('auth.password')} autoComplete="current-password" required {...register('password')} error={formState.errors.password && t('auth.required')} />
        <div aria-live="assertive">
          <ProblemAlert error={login.error} />
        </div>
        <Button type="submit" loading={login.isPending}>
          {t('auth.signIn')}
        </Button>
        <Anchor component={Link} to="/register" size="sm">
          {t('auth.noAccount')}
        </Anchor>
      </Stack>
    </form>
  );
}
