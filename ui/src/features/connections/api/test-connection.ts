import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { TestResult } from './get-connections';

export type TestRequest = { id?: string; url?: string; token?: string; timeout?: string };

/**
 * POST /config/homeassistant/test (an unsaved URL and token) or, with only an id,
 * POST /config/homeassistant/{id}/test (the stored token; the result is recorded).
 */
export function testConnection(request: TestRequest): Promise<TestResult> {
  if (request.id && !request.token) {
    return requestJson<TestResult>(`/config/homeassistant/${encodeURIComponent(request.id)}/test`, { method: 'POST' });
  }
  return requestJson<TestResult>('/config/homeassistant/test', {
    method: 'POST',
    body: { url: request.url, token: request.token, ...(request.timeout ? { timeout: request.timeout } : {}) },
  });
}

export function useTestConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: testConnection,
    onSuccess: (_result, request) => {
      if (request.id && !request.token) void queryClient.invalidateQueries({ queryKey: queryKeys.connections });
    },
  });
}
