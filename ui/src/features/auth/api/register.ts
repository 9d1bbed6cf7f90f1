import { useMutation } from '@tanstack/react-query';
import { requestJson } from '../../../lib/api-client';

export type RegisterInput = { username: string; email: string; password: string };
export type Registered = { userId: string; username: string };

/** POST /auth/register. */
export function register(input: RegisterInput): Promise<Registered> {
  return requestJson<Registered>('/auth/register', { method: 'POST', authenticated: false, body: input });
}

export function useRegister() {
  return useMutation({ mutationFn: register });
}
