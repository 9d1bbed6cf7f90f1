import { BarChart } from '@mantine/charts';
import '@mantine/charts/styles.css';
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OUTCOME_COLORS } from '../../../lib/outcome-colors';

/** Everyone's calls of the last day by outcome, as bars; the caption says the same in words. */
export function CallsByOutcome({ counts }: { counts: Record<string, number> }) {
  const { t, i18n } = useTranslation();
  const outcomes = Object.keys(counts);
  if (outcomes.length === 0) return <Text c="dimmed">{t('system.noCalls')}</Text>;
  const label = (outcome: string) => t(`outcome.${outcome}`, { defaultValue: outcome });
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <figure style={{ margin: 0 }}>
      <BarChart
        h={180}
        data={[{ period: t('system.callsLastDay'), ...counts }]}
        dataKey="period"
        series={outcomes.map((outcome) => ({ name: outcome, label: label(outcome), color: OUTCOME_COLORS[outcome] ?? 'gray.6' }))}
        withLegend
        withXAxis={false}
        // The caption says the same in words; the picture is not a second, focusable copy of it.
        barChartProps={{ accessibilityLayer: false }}
        aria-hidden="true"
      />
      <figcaption>
        <Text size="sm" c="dimmed">
          {t('system.callsLastDay')}: {outcomes.map((outcome) => `${label(outcome)} ${number.format(counts[outcome] ?? 0)}`).join(', ')}
        </Text>
      </figcaption>
    </figure>
  );
}
