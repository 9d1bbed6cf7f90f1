/**
 * Query keys shared between the features that own the data and the live stream that
 * invalidates it, so an event about a token refreshes every view of tokens.
 */
export const queryKeys = {
  me: ['auth', 'me'] as const,
  sessions: ['auth', 'sessions'] as const,
  history: ['auth', 'history'] as const,
  connections: ['connections'] as const,
  tokens: ['tokens'] as const,
  permissions: ['permissions', 'me'] as const,
  mcpStatus: ['mcp', 'status'] as const,
  mcpTools: ['mcp', 'tools'] as const,
  calls: ['calls', 'list'] as const,
  callStats: ['calls', 'stats'] as const,
  accounts: ['admin', 'accounts'] as const,
  system: ['admin', 'system'] as const,
  masterKey: ['admin', 'master-key'] as const,
};
