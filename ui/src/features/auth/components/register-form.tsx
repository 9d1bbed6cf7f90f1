import { zodResolver } from '@hookform/resolvers/zod';
import { Anchor, Button, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { ProblemAlert } from '../../../components/problem-alert';
import { useRegister, type Registered } from '../api/register';
import { PasswordRules, passwordRules } from './password-rules';

const schema = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9._-]{3,50}$/, 'auth.usernameInvalid'),
    email: z.string().trim().email('auth.emailInvalid').max(254),
    password: z.string(),
  })
  .refine((v) => passwordRules(v.password, v.username).every((rule) => rule.met), { path: ['password'], message: 'auth.rulesTitle' });
type Values = z.infer<typeof schema>;

export function RegisterForm({ onRegistered }: { onRegistered: (registered: Registered) => void }) {
  const { t } = useTranslation();
  const mutation = useRegister();
  const { register, handleSubmit, formState, control } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { username: '', email: '', password: '' } });
  const [username, password] = useWatch({ control, name: ['username', 'password'] });
  const submit = handleSubmit((values) => mutation.mutate(values, { onSuccess: onRegistered }));
  const error = (message?: string) => (message ? t(message) : undefined);
  return (
    <form onSubmit={submit} noValidate aria-labelledby="register-title">
      <Stack>
        <Title order={1} size="h2" id="register-title">
          {t('auth.registerTitle')}
        </Title>
        <TextInput label={t('auth.username')} description={t('auth.usernameRule')} autoComplete="username" required {...register('username')} error={error(formState.errors.username?.message)} />
        <TextInput label={t('auth.email')} type="email" autoComplete="email" required {...register('email')} error={error(formState.errors.email?.message)} />
        <PasswordInput label={t('auth.password')} autoComplete="new-password" required {...register('password')} error={error(formState.errors.password?.message)} />
        <PasswordRules password={password ?? ''} username={username} />
        <div aria-live="assertive">
          <ProblemAlert error={mutation.error} />
        </div>
        <Button type="submit" loading={mutation.isPending}>
          {t('auth.registerSubmit')}
        </Button>
        <Anchor component={Link} to="/sign-in" size="sm">
          {t('auth.haveAccount')}
        </Anchor>
      </Stack>
    </form>
  );
}
