import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import type { Grant } from './get-tokens';

export type CreateTokenInput = {
  name: string;
  expiresInDays?: number;
  permissions?: Array<{ tool: string; levels: string[] }>;
  allowedNetworks?: string[];
  requestsPerMinute?: number;
};

/** The one answer that holds the token itself. */
export type CreatedToken = {
  id: string;
  name: string;
  token: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  permissions: Grant[] | null;
  allowedNetworks: string[] | null;
  requestsPerMinute: number | null;
  notice: string | null;
};

/** POST /api/tokens/generate. */
export function createToken(input: CreateTokenInput): Promise<CreatedToken> {
  return requestJson<CreatedToken>('/api/tokens/generate', { method: 'POST', body: input });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createToken, onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }) });
}
