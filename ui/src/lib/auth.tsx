import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { request, refreshSession } from './api-client';
import { authStore, toSession, type Session, type Tokens } from './auth-store';

type AuthStatus = 'starting' | 'signed-in' | 'signed-out';

type AuthContextValue = {
  status: AuthStatus;
  session: Session | null;
  /** Keeps the tokens of a successful login. */
  signIn: (tokens: Tokens) => void;
  /** Ends the session on the server (which clears the cookie), then forgets it here. */
  signOut: () => Promise<void>;
  /** Forgets the session without asking the server (it has already ended). */
  forget: () => void;
};

const AuthContext = createContext<AuthContextValue | null>(null);

/** Refresh a minute before the access token expires, but never in a tight loop. */
const REFRESH_MARGIN_MS = 60_000;
const SHORTEST_WAIT_MS = 5_000;

let startup: Promise<unknown> | null = null;

/** Resumes the session through the refresh cookie once per page load (StrictMode mounts twice). */
function resumeOnce(): Promise<unknown> {
  startup ??= refreshSession().catch(() => authStore.set(null));
  return startup;
}

function useSession(): Session | null {
  return useSyncExternalStore(authStore.subscribe, authStore.get, authStore.get);
}

export function AuthProvider({ children, resume = true }: { children: ReactNode; resume?: boolean }) {
  const session = useSession();
  const [started, setStarted] = useState(!resume);

  useEffect(() => {
    if (!resume) return;
    let live = true;
    void resumeOnce().finally(() => {
      if (live) setStarted(true);
    });
    return () => {
      live = false;
    };
  }, [resume]);

  // Keep the access token fresh while signed in.
  useEffect(() => {
    if (!session) return;
    const wait = Math.max(SHORTEST_WAIT_MS, session.expiresAt - Date.now() - REFRESH_MARGIN_MS);
    const timer = window.setTimeout(() => {
      refreshSession().catch(() => authStore.set(null));
    }, wait);
    return () => window.clearTimeout(timer);
  }, [session]);

  const signIn = useCallback((tokens: Tokens) => authStore.set(toSession(tokens)), []);
  const forget = useCallback(() => authStore.set(null), []);
  const signOut = useCallback(async () => {
    try {
      await request('/auth/logout', { method: 'POST' });
    } finally {
      authStore.set(null);
    }
  }, []);

  const status: AuthStatus = session ? 'signed-in' : started ? 'signed-out' : 'starting';
  const value = useMemo(() => ({ status, session, signIn, signOut, forget }), [status, session, signIn, signOut, forget]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
