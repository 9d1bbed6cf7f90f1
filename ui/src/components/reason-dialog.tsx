import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from './problem-alert';

type ReasonDialogProps = {
  opened: boolean;
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
};

/**
 * Asks before an administrator's change and takes the reason the audit history keeps with its
 * event (sent as X-Audit-Reason); the bridge's refusal, if any, shows in the dialog.
 */
export function ReasonDialog({ opened, title, message, confirmLabel, danger = false, busy, error, onConfirm, onCancel }: ReasonDialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (opened) setReason('');
  }, [opened]);
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered>
      <Stack>
        <Text>{message}</Text>
        <ProblemAlert error={error} />
        <TextInput label={t('admin.reason')} description={t('admin.reasonHint')} maxLength={500} value={reason} onChange={(event) => setReason(event.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('app.cancel')}
          </Button>
          <Button color={danger ? 'red' : undefined} loading={busy} onClick={() => onConfirm(reason)} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
