import { Badge, Group, SegmentedControl, Select, SimpleGrid, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../../components/loading';
import { Page } from '../../../components/page';
import { OUTCOME_COLORS } from '../../../lib/outcome-colors';
import { formatBytes, formatNumber } from '../../../lib/format';
import { useFollowMetrics, type MetricsPoint, type Window } from '../api/follow-metrics';
import { MetricChart, type Line } from '../components/metric-chart';

const OUTCOME_KEYS: [keyof MetricsPoint, string][] = [
  ['ok', 'OK'],
  ['toolError', 'TOOL_ERROR'],
  ['denied', 'DENIED'],
  ['rateLimited', 'RATE_LIMITED'],
  ['overloaded', 'OVERLOADED'],
  ['timeout', 'TIMEOUT'],
  ['upstreamUnavailable', 'UPSTREAM_UNAVAILABLE'],
  ['invalid', 'INVALID'],
  ['unauthenticated', 'UNAUTHENTICATED'],
  ['internalError', 'INTERNAL_ERROR'],
];

const BREAKER_COLOR: Record<string, string> = { CLOSED: 'teal', OPEN: 'red', HALF_OPEN: 'yellow' };

/** Live: what the installation does now, pushed by the server every second, as time series. */
export default function LiveRoute() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [window, setWindow] = useState<Window>('hour');
  const [node, setNode] = useState<string | null>(null);
  const { answer, state } = useFollowMetrics(window, node);
  const points = answer?.series ?? [];
  const latest = points[points.length - 1];
  // The latest period with calls: a quiet second has no latency to tell.
  const timed = useMemo(() => [...points].reverse().find((p) => p.p50 !== null), [points]);
  const perSecond = window === 'hour' ? 1 : 60;
  const lastMinute = useMemo(() => {
    const since = (latest?.t ?? 0) - 60_000;
    return points.filter((p) => p.t > since).reduce((sum, p) => sum + p.calls, 0);
  }, [points, latest]);
  const outcomes: Line[] = OUTCOME_KEYS.map(([key, outcome]) => ({ key, label: t(`outcome.${outcome}`), color: OUTCOME_COLORS[outcome] ?? 'gray.6', value: (p) => (p[key] as number) / perSecond }));
  const number = (value: number | null | undefined) => formatNumber(value === null || value === undefined ? null : Math.round(value * 10) / 10, lang);

  return (
    <Page
      title={t('live.title')}
      actions={
        <Badge variant="dot" color={state === 'live' ? 'teal' : state === 'connecting' ? 'yellow' : 'gray'} role="status" aria-live="polite">
          {t(`live.state_${state}`)}
        </Badge>
      }
    >
      <Group align="flex-end">
        <SegmentedControl
          aria-label={t('live.window')}
          value={window}
          onChange={(value) => setWindow(value as Window)}
          data={[
            { value: 'hour', label: t('live.lastHour') },
            { value: 'day', label: t('live.lastDay') },
          ]}
        />
        <Select
          label={t('live.node')}
          value={node ?? ''}
          onChange={(value) => setNode(value ? value : null)}
          allowDeselect={false}
          data={[{ value: '', label: t('live.allNodes') }, ...(answer?.nodes ?? []).map((n) => ({ value: n.id, label: n.self ? t('live.thisNode', { id: n.id }) : n.id }))]}
        />
      </Group>
      {!answer && <Loading />}
      {answer && !answer.complete && <Text c="orange">{t('live.incomplete')}</Text>}
      {answer && (
        <>
          <Group gap="xs" aria-label={t('live.breakers')} role="group">
            <Text size="sm" fw={600}>
              {t('live.breakers')}:
            </Text>
            {latest && Object.keys(latest.breakers).length > 0 ? (
              Object.entries(latest.breakers).map(([name, breaker]) => (
                <Badge key={name} variant="light" color={BREAKER_COLOR[breaker] ?? 'gray'}>
                  {name}: {t(`breaker.${breaker}`, { defaultValue: breaker })}
                </Badge>
              ))
            ) : (
              <Text size="sm" c="dimmed">
                {t('app.none')}
              </Text>
            )}
          </Group>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <MetricChart
              title={t('live.calls')}
              points={points}
              lines={outcomes}
              stacked
              caption={t('live.callsCaption', { count: lastMinute, refused: formatNumber(latest?.refused, lang), limited: formatNumber(latest?.rateLimitedRequests, lang) })}
            />
            <MetricChart
              title={t('live.latency')}
              points={points}
              unit=" ms"
              lines={[
                { key: 'p50', label: 'p50', color: 'teal.6' },
                { key: 'p95', label: 'p95', color: 'yellow.6' },
                { key: 'p99', label: 'p99', color: 'red.6' },
              ]}
              caption={t('live.latencyCaption', { p50: number(timed?.p50), p95: number(timed?.p95), p99: number(timed?.p99) })}
              bridgeGaps
            />
            <MetricChart
              title={t('live.queue')}
              points={points}
              lines={[
                { key: 'queueDepth', label: t('live.queueDepth'), color: 'orange.6' },
                { key: 'inFlight', label: t('live.inFlight'), color: 'blue.6' },
                { key: 'sessions', label: t('live.sessions'), color: 'grape.6' },
              ]}
              caption={t('live.queueCaption', { depth: formatNumber(latest?.queueDepth, lang), inFlight: formatNumber(latest?.inFlight, lang), sessions: formatNumber(latest?.sessions, lang) })}
            />
            <MetricChart
              title={t('live.resources')}
              points={points}
              lines={[
                { key: 'heap', label: t('live.heap'), color: 'indigo.6', value: (p) => (p.heapMax ? Math.round((p.heapUsed / p.heapMax) * 1000) / 10 : null) },
                { key: 'cpuPercent', label: t('live.cpu'), color: 'pink.6', value: (p) => (p.cpu === null ? null : Math.round(p.cpu * 1000) / 10) },
              ]}
              unit=" %"
              caption={t('live.resourcesCaption', { heap: formatBytes(latest?.heapUsed, lang), cpu: latest?.cpu === null || latest?.cpu === undefined ? '—' : `${Math.round(latest.cpu * 100)} %` })}
            />
          </SimpleGrid>
        </>
      )}
    </Page>
  );
}
