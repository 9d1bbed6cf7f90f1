import { Card, Grid, Text } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { ProblemAlert } from '../../../components/problem-alert';
import { useMyPermissions, type ToolRight } from '../api/get-my-permissions';
import { useMcpTools } from '../api/list-mcp-tools';
import { ToolsTable } from '../components/tools-table';

// The tester brings the JSON-Schema form library and the MCP SDK: loaded when first needed.
const ToolTester = lazy(() => import('../components/tool-tester'));

export default function ToolsRoute() {
  const { t } = useTranslation();
  const permissions = useMyPermissions();
  const mcpTools = useMcpTools();
  const [selected, setSelected] = useState<ToolRight | null>(null);
  const tool = mcpTools.data?.find((candidate) => candidate.name === selected?.tool);
  return (
    <Page title={t('tools.title')}>
      <ProblemAlert error={permissions.error} />
      {permissions.isPending && <Loading />}
      <Grid>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {permissions.data && <ToolsTable tools={permissions.data.tools} selected={selected?.tool ?? null} onSelect={setSelected} />}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card withBorder>
            {mcpTools.isPending && selected && <Text size="sm" c="dimmed">{t('tools.loadingTools')}</Text>}
            <ProblemAlert error={mcpTools.error} />
            {selected ? (
              <Suspense fallback={<Loading />}>
                <ToolTester key={selected.tool} right={selected} tool={tool} />
              </Suspense>
            ) : (
              <Text c="dimmed">{t('tools.pickTool')}</Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </Page>
  );
}
