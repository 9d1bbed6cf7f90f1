import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Checkbox, Group, NumberInput, PasswordInput, Stack, TextInput } from '@mantine/core';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ProblemAlert } from '../../../components/problem-alert';
import { durationSeconds } from '../../../lib/format';
import type { Connection } from '../api/get-connections';
import { useSaveConnection, type ConnectionDefinition } from '../api/save-connection';
import { useTestConnection } from '../api/test-connection';
import { TestResultView } from './test-result';

type Values = { name: string; url: string; token: string; timeout: number; default: boolean; exposed: boolean };

/** Add or edit a connection; test it before saving. Editing keeps the stored token unless a new one is typed. */
export function ConnectionForm({ connection, onSaved, onCancel }: { connection?: Connection; onSaved: (saved: Connection) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const save = useSaveConnection();
  const test = useTestConnection();
  const schema = z.object({
    name: z.string().regex(/^[a-z0-9-]{1,32}$/, 'connections.nameHint'),
    url: z.string().trim().regex(/^https?:\/\/\S+$/i, 'connections.urlHint'),
    token: connection ? z.string() : z.string().trim().min(1, 'auth.required'),
    timeout: z.number().int().min(1).max(60),
    default: z.boolean(),
    exposed: z.boolean(),
  });
  const { register, handleSubmit, formState, control, getValues, trigger } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: connection?.name ?? '',
      url: connection?.url ?? '',
      token: '',
      timeout: durationSeconds(connection?.timeout) ?? 10,
      default: connection?.default ?? false,
      exposed: connection?.exposed ?? false,
    },
  });
  const definition = (values: Values): ConnectionDefinition => ({
    name: values.name,
    url: values.url.trim(),
    ...(values.token.trim() ? { token: values.token.trim() } : {}),
    timeout: `PT${values.timeout}S`,
    default: values.default,
    exposed: values.exposed,
  });
  const runTest = async () => {
    if (!(await trigger(['url', 'token', 'timeout']))) return;
    const values = getValues();
    test.mutate(
      values.token.trim()
        ? { url: values.url.trim(), token: values.token.trim(), timeout: `PT${values.timeout}S` }
        : { id: connection?.id },
    );
  };
  const submit = handleSubmit((values) => save.mutate({ id: connection?.id, definition: definition(values) }, { onSuccess: onSaved }));
  const error = (message?: string) => (message ? t(message) : undefined);
  return (
    <form onSubmit={submit} noValidate aria-label={connection ? t('connections.edit', { name: connection.name }) : t('connections.add')}>
      <Stack>
        <TextInput label={t('connections.name')} description={t('connections.nameHint')} required {...register('name')} error={error(formState.errors.name?.message)} />
        <TextInput label={t('connections.url')} description={t('connections.urlHint')} required type="url" {...register('url')} error={error(formState.errors.url?.message)} />
        <PasswordInput
          label={t('connections.token')}
          description={connection ? t('connections.tokenKeep') : t('connections.tokenHint')}
          required={!connection}
          autoComplete="off"
          {...register('token')}
          error={error(formState.errors.token?.message)}
        />
        <Controller
          control={control}
          name="timeout"
          render={({ field }) => (
            <NumberInput label={t('connections.timeout')} min={1} max={60} value={field.value} onChange={(v) => field.onChange(typeof v === 'number' ? v : Number(v))} onBlur={field.onBlur} />
          )}
        />
        <Checkbox label={t('connections.makeDefault')} {...register('default')} />
        <Checkbox label={t('connections.exposed')} {...register('exposed')} />
        <div aria-live="polite">
          <ProblemAlert error={test.error} />
          {test.data && <TestResultView result={test.data} />}
        </div>
        <div aria-live="assertive">
          <ProblemAlert error={save.error} />
        </div>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
          <Button variant="light" loading={test.isPending} onClick={() => void runTest()}>
            {t('connections.test')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('app.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
