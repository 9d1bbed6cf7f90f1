import { useMutation } from '@tanstack/react-query';
import { listAllTools, withMcpClient } from '../../../lib/mcp-client';

/** initialize + tools/list with a pasted token, exactly as a client configured with it would. */
export async function testToken(token: string): Promise<number> {
  return withMcpClient(token, async (client) => (await listAllTools(client)).length);
}

export function useTestToken() {
  return useMutation({ mutationFn: testToken });
}
