import { useMutation } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';
import type { Tokens } from '../../../lib/auth-store';

export type LoginInput = { username: string; password: string };

/** POST /auth/login, asking for the refresh token in the HttpOnly cookie rather than the body. */
export function login(input: LoginInput): Promise<Tokens> {
  return requestJson<Tokens>('/auth/login', {
    method: 'POST',
    authenticated: false,
    body: { username: input.username, password: input.password, refreshTokenIn: 'cookie' },
  });
}

export function useLogin() {
  return useMutation({ mutationFn: login });
}
