import { queryOptions, useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export type TestStep = { name: string; ok: boolean; httpStatus: number | null; latencyMillis: number };

/** ConnectionTestResult of the API. */
export type TestResult = {
  ok: boolean;
  reachable: boolean;
  tlsValid: boolean | null;
  steps: TestStep[];
  version: string | null;
  locationName: string | null;
  entityCount: number | null;
  mcpEnabled: boolean | null;
  toolCount: number | null;
  failure: string | null;
  advice: string | null;
  warnings: string[];
  testedAt: string;
};

/** ConnectionView of the API: never the token, only its fingerprint. */
export type Connection = {
  id: string;
  userId: string;
  name: string;
  url: string;
  timeout: string | null;
  default: boolean;
  exposed: boolean;
  active: boolean;
  tokenFingerprint: string | null;
  lastTest?: TestResult | null;
  warnings?: string[];
};

/** GET /config/homeassistant: my connections. */
export function getConnections(signal?: AbortSignal): Promise<Connection[]> {
  return requestJson<Connection[]>('/config/homeassistant', { signal });
}

export function connectionsOptions() {
  return queryOptions({ queryKey: [...queryKeys.connections, 'list'], queryFn: ({ signal }) => getConnections(signal), refetchInterval: 60_000 });
}

export function useConnections() {
  return useQuery(connectionsOptions());
}
