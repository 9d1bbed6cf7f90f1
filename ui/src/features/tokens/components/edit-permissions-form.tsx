import { Button, Checkbox, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../components/problem-alert';
import { useMyLevels } from '../api/get-my-levels';
import type { ApiToken, Level } from '../api/get-tokens';
import { useUpdateTokenPermissions } from '../api/update-token-permissions';
import { PermissionEditor, type PermissionRow } from './permission-editor';

export function EditPermissionsForm({ token, onSaved, onCancel }: { token: ApiToken; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const held = useMyLevels();
  const update = useUpdateTokenPermissions();
  const [allRights, setAllRights] = useState(!token.permissions);
  const [rows, setRows] = useState<PermissionRow[]>(
    token.permissions?.map((g) => ({ tool: g.tool, levels: g.levels.map((l) => l.toLowerCase() as Level) })) ?? [{ tool: '*', levels: ['read'] }],
  );
  return (
    <form
      aria-label={t('tokens.editPermissionsOf', { name: token.name })}
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate(
          { id: token.id, permissions: allRights ? null : rows.filter((r) => r.tool.trim()).map((r) => ({ tool: r.tool.trim(), levels: r.levels })) },
          { onSuccess: onSaved },
        );
      }}
    >
      <Stack>
        <Checkbox label={t('tokens.allRights')} checked={allRights} onChange={(e) => setAllRights(e.currentTarget.checked)} />
        {!allRights && <PermissionEditor rows={rows} onChange={setRows} held={held.data} />}
        <div aria-live="assertive">
          <ProblemAlert error={update.error} />
        </div>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('app.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
