import { zodResolver } from '@hookform/resolvers/zod';
import { Button, PasswordInput, Stack } from '@mantine/core';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ProblemAlert } from '../../../components/problem-alert';
import { useChangePassword } from '../api/change-password';
import { PasswordRules, passwordRules } from './password-rules';

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };

/** Change the password, with the policy shown before submitting. */
export function ChangePasswordForm({ username, onChanged }: { username?: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const mutation = useChangePassword();
  const schema = z
    .object({ currentPassword: z.string().min(1, 'auth.required'), newPassword: z.string(), confirmPassword: z.string() })
    .refine((v) => passwordRules(v.newPassword, username, v.currentPassword).every((rule) => rule.met), { path: ['newPassword'], message: 'auth.rulesTitle' })
    .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'auth.passwordMismatch' });
  const { register, handleSubmit, formState, control, reset } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });
  const [current, next] = useWatch({ control, name: ['currentPassword', 'newPassword'] });
  const submit = handleSubmit(({ currentPassword, newPassword }) =>
    mutation.mutate({ currentPassword, newPassword }, { onSuccess: () => { reset(); onChanged(); } }),
  );
  const error = (message?: string) => (message ? t(message) : undefined);
  return (
    <form onSubmit={submit} noValidate aria-label={t('auth.changePassword')}>
      <Stack maw={420}>
        <PasswordInput label={t('auth.currentPassword')} autoComplete="current-password" required {...register('currentPassword')} error={error(formState.errors.currentPassword?.message)} />
        <PasswordInput label={t('auth.newPassword')} autoComplete="new-password" required {...register('newPassword')} error={error(formState.errors.newPassword?.message)} />
        <PasswordInput label={t('auth.confirmPassword')} autoComplete="new-password" required {...register('confirmPassword')} error={error(formState.errors.confirmPassword?.message)} />
        <PasswordRules password={next ?? ''} username={username} current={current ?? ''} />
        <div aria-live="assertive">
          <ProblemAlert error={mutation.error} />
        </div>
        <Button type="submit" loading={mutation.isPending}>
          {t('auth.changePassword')}
        </Button>
      </Stack>
    </form>
  );
}
