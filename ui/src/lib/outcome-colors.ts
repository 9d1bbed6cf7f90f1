/** Each call outcome's colour, the same in every chart. */
export const OUTCOME_COLORS: Record<string, string> = {
  OK: 'teal.6', TOOL_ERROR: 'orange.6', DENIED: 'red.6', UNAUTHENTICATED: 'pink.6', RATE_LIMITED: 'yellow.6',
  OVERLOADED: 'grape.6', TIMEOUT: 'violet.6', UPSTREAM_UNAVAILABLE: 'indigo.6', INVALID: 'gray.6', CANCELLED: 'cyan.6', INTERNAL_ERROR: 'dark.4',
};
