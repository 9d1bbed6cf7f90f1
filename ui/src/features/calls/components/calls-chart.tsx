import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fillHours, last24Hours, type CallStats } from '../api/get-call-stats';
import { OUTCOMES } from '../api/get-calls';
import { OUTCOME_COLORS } from '../../../lib/outcome-colors';

/** My calls of the last 24 hours per hour, stacked by outcome; a text summary says the same for screen readers. */
export function CallsChart({ stats, title }: { stats: CallStats | undefined; title: string }) {
  const { t, i18n } = useTranslation();
  const { from, to } = useMemo(() => last24Hours(), [stats]);
  const rows = useMemo(() => fillHours(stats, from, to), [stats, from, to]);
  const totals = useMemo(() => {
    const sums: Record<string, number> = {};
    stats?.points.forEach((p) => Object.entries(p.byOutcome).forEach(([k, v]) => { sums[k] = (sums[k] ?? 0) + v; }));
    return sums;
  }, [stats]);
  const present = OUTCOMES.filter((o) => totals[o]);
  if (present.length === 0) return <Text c="dimmed">{t('overview.chartEmpty')}</Text>;
  const hour = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <figure style={{ margin: 0 }}>
      <BarChart
        h={220}
        data={rows.map((row) => ({ ...row, hour: hour.format(new Date(String(row.start))) }))}
        dataKey="hour"
        type="stacked"
        series={present.map((o) => ({ name: o, label: t(`outcome.${o}`), color: OUTCOME_COLORS[o] ?? 'gray.6' }))}
        withLegend
        // The caption says the same in words; the picture is not a second, focusable copy of it.
        barChartProps={{ accessibilityLayer: false }}
        aria-hidden="true"
      />
      <figcaption>
        <Text size="sm" c="dimmed">
          {title}: {present.map((o) => `${t(`outcome.${o}`)} ${totals[o]}`).join(', ')}
        </Text>
      </figcaption>
    </figure>
  );
}
