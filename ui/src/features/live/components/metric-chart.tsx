import { AreaChart, LineChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Card, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricsPoint } from '../api/follow-metrics';

export type Line = { key: keyof MetricsPoint | string; label: string; color: string; value?: (point: MetricsPoint) => number | null };

/**
 * One time series of the Live page ({@code bridgeGaps}: a line crosses periods without a value,
 * such as the latency of a second without calls). The picture is for the eye; its caption says the latest
 * figures in words, for screen readers and for anyone who would rather read.
 */
export function MetricChart({ title, points, lines, stacked = false, bridgeGaps = false, unit = '', caption }: { title: string; points: MetricsPoint[]; lines: Line[]; stacked?: boolean; bridgeGaps?: boolean; unit?: string; caption: string }) {
  const { i18n } = useTranslation();
  const time = useMemo(() => new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' }), [i18n.language]);
  const data = useMemo(
    () =>
      points.map((point) => {
        const row: Record<string, number | string | null> = { time: time.format(new Date(point.t)) };
        lines.forEach((line) => {
          row[line.key] = line.value ? line.value(point) : ((point[line.key as keyof MetricsPoint] as number | null) ?? null);
        });
        return row;
      }),
    [points, lines, time],
  );
  const series = lines.map((line) => ({ name: line.key, label: line.label, color: line.color }));
  const common = {
    h: 200,
    data,
    dataKey: 'time',
    series,
    withDots: false,
    withLegend: true,
    unit,
    tickLine: 'y' as const,
    'aria-hidden': true,
  };
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <figure style={{ margin: 0 }}>
          {stacked ? (
            <AreaChart {...common} type="stacked" curveType="linear" areaChartProps={{ accessibilityLayer: false }} areaProps={{ isAnimationActive: false }} />
          ) : (
            <LineChart {...common} curveType="linear" connectNulls={bridgeGaps} lineChartProps={{ accessibilityLayer: false }} lineProps={{ isAnimationActive: false }} />
          )}
          <figcaption>
            <Text size="sm" c="dimmed" data-testid={`caption-${title}`}>
              {caption}
            </Text>
          </figcaption>
        </figure>
      </Stack>
    </Card>
  );
}
