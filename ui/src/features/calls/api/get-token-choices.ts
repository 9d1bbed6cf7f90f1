import { useQuery } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** GET /api/tokens, read here only for the token filter (same key and answer as the tokens page). */
export type TokenChoice = { id: string; name: string };

export function useTokenChoices() {
  return useQuery({
    queryKey: [...queryKeys.tokens, 'list'],
    queryFn: ({ signal }) => requestJson<TokenChoice[]>('/api/tokens', { signal }),
  });
}
