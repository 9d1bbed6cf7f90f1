import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/copy-button';
import type { CreatedToken } from '../api/create-token';

/** The new token, shown this once. */
export function CreatedTokenView({ created, onDone, onSetUpClient }: { created: CreatedToken; onDone: () => void; onSetUpClient: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="yellow" title={t('tokens.createdOnce')} role="alert">
        {created.notice && <Text size="sm">{created.notice}</Text>}
      </Alert>
      <Group align="flex-end" wrap="nowrap">
        <TextInput label={t('tokens.tokenValue')} value={created.token} readOnly style={{ flex: 1 }} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton value={created.token} label={t('tokens.copyToken')} size="sm" />
      </Group>
      <Group justify="flex-end">
        <Button variant="light" onClick={onSetUpClient}>
          {t('tokens.setUpClient')}
        </Button>
        <Button onClick={onDone}>{t('tokens.done')}</Button>
      </Group>
    </Stack>
  );
}
