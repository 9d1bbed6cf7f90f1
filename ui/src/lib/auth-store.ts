/**
 * The signed-in session, in memory only: a reload loses it and signs in again through the
 * HttpOnly refresh cookie. Nothing here ever reaches localStorage or sessionStorage.
 */

/** The answer of POST /auth/login and POST /auth/refresh, as the dashboard asks for it (refresh token in the cookie). */
export type Tokens = {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  accessTokenExpiresAt: string;
  refreshToken: string | null;
  refreshTokenExpiresAt: string;
  sessionId: string;
  passwordChangeRequired: boolean;
};

export type Session = {
  accessToken: string;
  sessionId: string;
  passwordChangeRequired: boolean;
  /** When the access token stops working, in epoch milliseconds. */
  expiresAt: number;
};

type Listener = (session: Session | null) => void;

let current: Session | null = null;
const listeners = new Set<Listener>();

export function toSession(tokens: Tokens, now = Date.now()): Session {
  return {
    accessToken: tokens.accessToken,
    sessionId: tokens.sessionId,
    passwordChangeRequired: tokens.passwordChangeRequired,
    expiresAt: now + tokens.expiresIn * 1000,
  };
}

export const authStore = {
  get(): Session | null {
    return current;
  },
  accessToken(): string | null {
    return current?.accessToken ?? null;
  },
  set(session: Session | null): void {
    current = session;
    listeners.forEach((listener) => listener(session));
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
