import { Alert, Button, Card, Group, List, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeBlock } from '../../../components/code-block';
import { CopyButton } from '../../../components/copy-button';
import { Page } from '../../../components/page';
import { secretHandoff } from '../../../lib/handoff';
import { describeMcpError, mcpUrl } from '../../../lib/mcp-client';
import { useTestToken } from '../api/test-token';
import { clientConfigs } from '../components/client-configs';

/** Client set-up: the pasted token lives in this component's state only. */
export default function ConnectRoute() {
  const { t } = useTranslation();
  const [token, setToken] = useState(() => secretHandoff.take() ?? '');
  const test = useTestToken();
  const url = mcpUrl();
  const shown = token.trim() || t('connect.placeholder');
  const configs = clientConfigs(url, shown);
  const where: Record<string, string> = {
    lmstudio: t('connect.lmstudioWhere'),
    claude: t('connect.claudeWhere'),
    vscode: t('connect.vscodeWhere'),
    cursor: t('connect.cursorWhere'),
    inspector: t('connect.inspectorWhere'),
  };
  return (
    <Page title={t('connect.title')}>
      <Group gap="xs">
        <Text>{t('connect.intro', { url })}</Text>
        <CopyButton value={url} label={t('connect.copyUrl')} />
      </Group>
      <Card withBorder>
        <Stack>
          <PasswordInput label={t('connect.token')} description={t('connect.tokenHint')} value={token} onChange={(e) => { setToken(e.currentTarget.value); test.reset(); }} autoComplete="off" />
          <Group>
            <Button loading={test.isPending} disabled={!token.trim()} onClick={() => test.mutate(token.trim())}>
              {t('connect.test')}
            </Button>
          </Group>
          <div role="status" aria-live="polite">
            {test.isSuccess && <Alert color="teal">{t('connect.testOk', { count: test.data })}</Alert>}
            {test.isError && <Alert color="red">{t('connect.testFailed', { message: describeMcpError(test.error).message })}</Alert>}
          </div>
        </Stack>
      </Card>
      {configs.map((config) => (
        <Card withBorder key={config.id} component="section" aria-labelledby={`client-${config.id}`}>
          <Title order={2} size="h3" id={`client-${config.id}`} mb="xs">
            {t(`connect.${config.id}`)}
          </Title>
          <CodeBlock code={config.code} caption={where[config.id]} copyLabel={t('connect.copyConfig', { client: t(`connect.${config.id}`) })} />
        </Card>
      ))}
      <Card withBorder component="section" aria-labelledby="client-n8n">
        <Title order={2} size="h3" id="client-n8n" mb="xs">
          {t('connect.n8n')}
        </Title>
        <Text size="sm">{t('connect.n8nWhere')}</Text>
        <List size="sm" mt="xs">
          <List.Item>
            {t('connect.n8nEndpoint')}: <code>{url}</code>
          </List.Item>
          <List.Item>{t('connect.n8nTransport')}</List.Item>
          <List.Item>{t('connect.n8nAuth')}</List.Item>
        </List>
        <Group mt="xs">
          <CopyButton value={url} label={t('connect.copyConfig', { client: t('connect.n8n') })} />
        </Group>
      </Card>
    </Page>
  );
}
