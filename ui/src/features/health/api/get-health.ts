import { useEffect, useState } from 'react';
import { getJson } from '../../../lib/api-client';

/** The body of GET /health, e.g. {"status":"UP"}. */
export type Health = {
  status: string;
};

/** What the dashboard knows about the bridge at a given moment. */
export type HealthState =
  | { kind: 'checking' }
  | { kind: 'up' }
  | { kind: 'down'; status: string }
  | { kind: 'unreachable'; reason: string };

const REFRESH_INTERVAL_MS = 15_000;

export function getHealth(signal?: AbortSignal): Promise<Health> {
  // A bridge that is down still answers, with 503 and a JSON status: that is news, not an error.
  return getJson<Health>('/health', { signal, acceptStatuses: [503] });
}

function toState(health: Health): HealthState {
  return health.status === 'UP' ? { kind: 'up' } : { kind: 'down', status: health.status };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Asks the bridge for its health now and then every few seconds while mounted. */
export function useHealth(): HealthState {
  const [state, setState] = useState<HealthState>({ kind: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;

    const check = async () => {
      let next: HealthState;
      try {
        next = toState(await getHealth(controller.signal));
      } catch (error) {
        next = { kind: 'unreachable', reason: describe(error) };
      }
      if (controller.signal.aborted) {
        return;
      }
      setState(next);
      timer = window.setTimeout(check, REFRESH_INTERVAL_MS);
    };

    void check();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, []);

  return state;
}
