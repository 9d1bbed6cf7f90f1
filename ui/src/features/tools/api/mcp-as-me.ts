import { refreshSession } from '../../../lib/api-client';
import { authStore } from '../../../lib/auth-store';
import { withMcpClient } from '../../../lib/mcp-client';

type McpClient = Parameters<Parameters<typeof withMcpClient>[1]>[0];

/**
 * Runs MCP work with the signed-in user's access token, as an outside client with that token
 * would; an expired token is refreshed once and the work tried again.
 */
export async function withMcpAsMe<T>(work: (client: McpClient) => Promise<T>): Promise<T> {
  const token = authStore.accessToken();
  if (!token) throw new Error('Not signed in');
  try {
    return await withMcpClient(token, work);
  } catch (error) {
    if ((error as { code?: unknown }).code === 401) {
      const tokens = await refreshSession();
      return withMcpClient(tokens.accessToken, work);
    }
    throw error;
  }
}
