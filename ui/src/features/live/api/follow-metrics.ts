import { useEffect, useState } from 'react';
import { followStream, type LiveState } from '../../../lib/live-events';
import { queryString } from '../../../lib/api-client';

/** One period of GET /admin/metrics: counts of calls that ended in it, gauges when it was sampled. */
export type MetricsPoint = {
  t: number;
  calls: number;
  ok: number;
  toolError: number;
  denied: number;
  rateLimited: number;
  overloaded: number;
  timeout: number;
  upstreamUnavailable: number;
  invalid: number;
  cancelled: number;
  internalError: number;
  unauthenticated: number;
  refused: number;
  rateLimitedRequests: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  maxLatency: number | null;
  queueDepth: number;
  inFlight: number;
  sessions: number;
  heapUsed: number;
  heapMax: number;
  cpu: number | null;
  breakersOpen: number;
  breakers: Record<string, string>;
};

export type MetricsNode = { id: string; self: boolean; live: boolean; lastSampleAt: number | null };
export type MetricsAnswer = { window: Window; resolutionSeconds: number; node: string | null; complete: boolean; nodes: MetricsNode[]; series: MetricsPoint[] };
export type Window = 'hour' | 'day';

const SUMMED = ['calls', 'ok', 'toolError', 'denied', 'rateLimited', 'overloaded', 'timeout', 'upstreamUnavailable', 'invalid', 'cancelled', 'internalError', 'unauthenticated', 'refused', 'rateLimitedRequests', 'queueDepth', 'inFlight', 'sessions', 'heapUsed', 'heapMax', 'breakersOpen'] as const;
const HIGHEST = ['p50', 'p95', 'p99', 'maxLatency', 'cpu'] as const;

/**
 * The whole installation's point of one period from each node's, as the bridge combines them:
 * counts and gauges added, latencies and CPU the highest node's, breakers each at its worst.
 */
export function combine(points: MetricsPoint[]): MetricsPoint {
  const [first, ...rest] = points;
  const whole: MetricsPoint = { ...first!, breakers: { ...first!.breakers } };
  rest.forEach((point) => {
    SUMMED.forEach((key) => {
      whole[key] += point[key];
    });
    HIGHEST.forEach((key) => {
      const value = point[key];
      if (value !== null && (whole[key] === null || value > whole[key]!)) whole[key] = value;
    });
    Object.entries(point.breakers).forEach(([name, state]) => {
      if (whole.breakers[name] !== 'OPEN') whole.breakers[name] = state;
    });
  });
  return whole;
}

const MOST = { hour: 3600, day: 1440 } as const;

/**
 * GET /admin/metrics/stream: the snapshot, then each node's new seconds (or minutes) as the bridge
 * takes them, folded into the series shown (one node's, or the whole installation's).
 */
export function useFollowMetrics(window: Window, node: string | null): { answer: MetricsAnswer | null; state: LiveState } {
  const [answer, setAnswer] = useState<MetricsAnswer | null>(null);
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const controller = new AbortController();
    const perNode = new Map<number, Map<string, MetricsPoint>>();
    setAnswer(null);
    followStream(`/admin/metrics/stream${queryString({ window, node })}`, {
      signal: controller.signal,
      onState: setState,
      onMessage: (message) => {
        if (message.event === 'snapshot') {
          perNode.clear();
          setAnswer(JSON.parse(message.data) as MetricsAnswer);
          return;
        }
        if (message.event !== (window === 'hour' ? 'second' : 'minute')) return;
        const { node: from, point } = JSON.parse(message.data) as { node: string; point: MetricsPoint };
        if (node && from !== node) return;
        const atT = perNode.get(point.t) ?? new Map<string, MetricsPoint>();
        atT.set(from, point);
        perNode.set(point.t, atT);
        if (perNode.size > 120) perNode.delete(Math.min(...perNode.keys()));
        const next = node ? point : combine([...atT.values()]);
        setAnswer((current) => {
          if (!current) return current;
          const series = current.series.filter((p) => p.t !== next.t);
          series.push(next);
          series.sort((a, b) => a.t - b.t);
          return { ...current, series: series.slice(-MOST[window]) };
        });
      },
    });
    return () => controller.abort();
  }, [window, node]);
  return { answer, state };
}
