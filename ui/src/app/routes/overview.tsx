import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../../components/page';
import { ProblemAlert } from '../../components/problem-alert';
import { useCallStats } from '../../features/calls/api/get-call-stats';
import { useRecentCalls } from '../../features/calls/api/get-calls';
import { CallsChart } from '../../features/calls/components/calls-chart';
import { CallsTable } from '../../features/calls/components/calls-table';
import { useConnections } from '../../features/connections/api/get-connections';
import { useMcpStatus } from '../../features/status/api/get-mcp-status';
import { UpstreamsList } from '../../features/status/components/upstreams-list';
import { useMyPermissions } from '../../features/tools/api/get-my-permissions';

/** The overview composes several features' data, so it lives with the app, not in one feature. */
export default function OverviewRoute() {
  const { t } = useTranslation();
  const connections = useConnections();
  const status = useMcpStatus();
  const permissions = useMyPermissions();
  const stats = useCallStats();
  const recent = useRecentCalls(10);
  const allowed = permissions.data?.tools.filter((tool) => tool.allowed).length ?? 0;
  return (
    <Page title={t('overview.title')}>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder component="section" aria-labelledby="ov-connections">
          <Title order={2} size="h4" id="ov-connections" mb="xs">{t('overview.connections')}</Title>
          <ProblemAlert error={connections.error} />
          {connections.data?.length === 0 && (
            <Stack gap="xs">
              <Text c="dimmed" size="sm">{t('overview.noConnections')}</Text>
              <Button component={Link} to="/connections" size="xs" w="fit-content">{t('overview.addConnection')}</Button>
            </Stack>
          )}
          <Stack gap="xs">
            {connections.data?.map((c) => (
              <Group key={c.id} justify="space-between" wrap="nowrap">
                <Text fw={500}>{c.name}</Text>
                {c.lastTest ? (
                  <Badge color={c.lastTest.ok ? 'teal' : 'red'} variant="light">
                    {c.lastTest.ok ? t('overview.testOk') : t('overview.testFailed', { failure: c.lastTest.failure ? t(`failure.${c.lastTest.failure}`, { defaultValue: c.lastTest.failure }) : '' })}
                  </Badge>
                ) : (
                  <Badge color="gray" variant="light">{t('overview.neverTested')}</Badge>
                )}
              </Group>
            ))}
          </Stack>
        </Card>
        <Card withBorder component="section" aria-labelledby="ov-upstreams">
          <Title order={2} size="h4" id="ov-upstreams" mb="xs">{t('overview.upstreams')}</Title>
          <ProblemAlert error={status.error} />
          {status.data && <UpstreamsList upstreams={status.data.upstreams} />}
        </Card>
        <Card withBorder component="section" aria-labelledby="ov-tools">
          <Title order={2} size="h4" id="ov-tools" mb="xs">{t('overview.tools')}</Title>
          <ProblemAlert error={permissions.error} />
          {permissions.data && (
            <Anchor component={Link} to="/tools" size="xl" fw={700}>
              {t('overview.toolsCount', { allowed, total: permissions.data.tools.length })}
            </Anchor>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder component="section" aria-labelledby="ov-chart">
        <Title order={2} size="h4" id="ov-chart" mb="xs">{t('overview.chart')}</Title>
        <ProblemAlert error={stats.error} />
        {stats.isSuccess && <CallsChart stats={stats.data} title={t('overview.chart')} />}
      </Card>
      <Card withBorder component="section" aria-labelledby="ov-calls">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="ov-calls">{t('overview.lastCalls')}</Title>
          <Anchor component={Link} to="/calls" size="sm">{t('overview.viewAll')}</Anchor>
        </Group>
        <ProblemAlert error={recent.error} />
        {recent.data && <CallsTable calls={recent.data.items} caption={t('overview.lastCalls')} compact />}
      </Card>
    </Page>
  );
}
