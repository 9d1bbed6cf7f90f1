import { queryOptions, useQuery } from '@tanstack/react-query';
import { queryString, requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type StatsPoint = { start: string; total: number; byOutcome: Record<string, number>; p50Ms: number | null; p95Ms: number | null };
export type CallStats = { bucket: 'hour' | 'day'; points: StatsPoint[] };

/** GET /api/calls/stats: counts by outcome and latency percentiles per bucket (only buckets with calls). */
export function getCallStats(bucket: 'hour' | 'day', from: string, to: string, signal?: AbortSignal): Promise<CallStats> {
  return requestJson<CallStats>(`/api/calls/stats${queryString({ bucket, from, to })}`, { signal });
}

const HOUR = 3_600_000;

/** The last 24 whole hours and the current one. */
export function last24Hours(now = Date.now()) {
  const end = Math.floor(now / HOUR) * HOUR + HOUR;
  return { from: new Date(end - 25 * HOUR).toISOString(), to: new Date(end).toISOString() };
}

export function callStatsOptions() {
  return queryOptions({
    queryKey: [...queryKeys.callStats, 'hour-24h'],
    queryFn: ({ signal }) => {
      const { from, to } = last24Hours();
      return getCallStats('hour', from, to, signal);
    },
    refetchInterval: 60_000,
  });
}

export function useCallStats() {
  return useQuery(callStatsOptions());
}

/** One row per hour, with zeros where the server had no calls, ready for a stacked chart. */
export function fillHours(stats: CallStats | undefined, from: string, to: string): Array<Record<string, number | string>> {
  const byStart = new Map<number, StatsPoint>();
  stats?.points.forEach((point) => byStart.set(Math.floor(Date.parse(point.start) / HOUR) * HOUR, point));
  const rows: Array<Record<string, number | string>> = [];
  for (let at = Date.parse(from); at < Date.parse(to); at += HOUR) {
    const row: Record<string, number | string> = { start: new Date(at).toISOString() };
    Object.entries(byStart.get(at)?.byOutcome ?? {}).forEach(([outcome, count]) => {
      row[outcome] = count;
    });
    rows.push(row);
  }
  return rows;
}
