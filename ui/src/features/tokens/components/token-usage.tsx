import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../components/loading';
import { ProblemAlert } from '../../../components/problem-alert';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useTokenUsage } from '../api/get-token-usage';

/** Calls per day and per tool of one token, with the totals as text. */
export function TokenUsageView({ tokenId }: { tokenId: string }) {
  const { t, i18n } = useTranslation();
  const usage = useTokenUsage(tokenId);
  if (usage.isPending) return <Loading />;
  if (usage.error) return <ProblemAlert error={usage.error} />;
  const data = usage.data;
  const series = [
    { name: 'calls', label: t('tokens.calls'), color: 'indigo.6' },
    { name: 'denials', label: t('tokens.denials'), color: 'red.6' },
  ];
  return (
    <Stack>
      <Group gap="xl">
        <Text size="sm">{t('tokens.requests')}: {formatNumber(data.requests, i18n.language)}</Text>
        <Text size="sm">{t('tokens.calls')}: {formatNumber(data.calls, i18n.language)}</Text>
        <Text size="sm">{t('tokens.denials')}: {formatNumber(data.denials, i18n.language)}</Text>
        <Text size="sm">
          {t('tokens.lastUsed')}: {formatDateTime(data.lastUsedAt, i18n.language)} {data.lastIp ? t('tokens.lastUsedFrom', { ip: data.lastIp }) : ''}
        </Text>
      </Group>
      {data.perDay.length === 0 && data.perTool.length === 0 ? (
        <Text c="dimmed">{t('tokens.noUsage')}</Text>
      ) : (
        <>
          <Title order={3} size="h4">{t('tokens.perDay')}</Title>
          <BarChart h={200} data={data.perDay} dataKey="day" series={series} withLegend barChartProps={{ accessibilityLayer: false }} />
          <Title order={3} size="h4">{t('tokens.perTool')}</Title>
          <BarChart h={Math.max(120, data.perTool.length * 32)} data={data.perTool} dataKey="tool" orientation="vertical" series={series} yAxisProps={{ width: 140 }} barChartProps={{ accessibilityLayer: false }} />
        </>
      )}
    </Stack>
  );
}
