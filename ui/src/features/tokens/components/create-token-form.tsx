import { Button, Checkbox, Group, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert';
import { useCreateToken, type CreatedToken } from '../api/create-token';
import { useMyLevels } from '../api/get-my-levels';
import { PermissionEditor, type PermissionRow } from './permission-editor';

const EXPIRIES = ['7', '30', '90', '365'];

export function CreateTokenForm({ onCreated, onCancel }: { onCreated: (token: CreatedToken) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const held = useMyLevels();
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [allRights, setAllRights] = useState(true);
  const [rows, setRows] = useState<PermissionRow[]>([{ tool: '*', levels: ['read'] }]);
  const [networks, setNetworks] = useState('');
  const [rpm, setRpm] = useState<number | ''>('');
  const [nameError, setNameError] = useState(false);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError(true);
      return;
    }
    const allowedNetworks = networks.split(/\s+/).map((n) => n.trim()).filter(Boolean);
    create.mutate(
      {
        name: name.trim(),
        expiresInDays: Number(days),
        ...(allRights ? {} : { permissions: rows.filter((r) => r.tool.trim()).map((r) => ({ tool: r.tool.trim(), levels: r.levels })) }),
        ...(allowedNetworks.length ? { allowedNetworks } : {}),
        ...(rpm === '' ? {} : { requestsPerMinute: rpm }),
      },
      { onSuccess: onCreated },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('tokens.create')}>
      <Stack>
        <TextInput label={t('tokens.name')} description={t('tokens.nameHint')} required maxLength={64} value={name} onChange={(e) => { setName(e.currentTarget.value); setNameError(false); }} error={nameError ? t('auth.required') : undefined} />
        <Select label={t('tokens.expiry')} value={days} allowDeselect={false} onChange={(v) => v && setDays(v)} data={EXPIRIES.map((d) => ({ value: d, label: t('tokens.days', { count: Number(d) }) }))} />
        <Checkbox label={t('tokens.allRights')} checked={allRights} onChange={(e) => setAllRights(e.currentTarget.checked)} />
        {!allRights && (
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend className="visually-hidden">{t('tokens.permissions')}</legend>
            <PermissionEditor rows={rows} onChange={setRows} held={held.data} />
          </fieldset>
        )}
        <Textarea label={t('tokens.networks')} description={t('tokens.networksHint')} autosize minRows={2} value={networks} onChange={(e) => setNetworks(e.currentTarget.value)} />
        <NumberInput label={t('tokens.rpm')} description={t('tokens.rpmHint')} min={1} max={100000} value={rpm} onChange={(v) => setRpm(typeof v === 'number' ? v : '')} />
        <div aria-live="assertive">
          <ProblemAlert error={create.error} />
        </div>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('tokens.createSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
