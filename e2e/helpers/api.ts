import { randomBytes } from 'node:crypto';
import { adminInitialPassword, bridgeUrl } from './env.ts';

/** Someone who can register and sign in. */
export interface UserCredentials {
  username: string;
  email: string;
  password: string;
}

/** POST /auth/login's answer, with the user it signed in. */
export interface Session {
  user: UserCredentials;
  userId: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
  passwordChangeRequired: boolean;
}

export type ToolLevel = 'read' | 'write' | 'execute';

/** POST /api/tokens/generate's body. */
export interface TokenRequest {
  name: string;
  expiresAt?: string;
  expiresInDays?: number;
  permissions?: { tool: string; levels: ToolLevel[] }[];
  allowedNetworks?: string[];
  requestsPerMinute?: number;
}

/** POST /api/tokens/generate's answer: `token` (mcp_...) is shown only this once. */
export interface GeneratedToken {
  id: string;
  name: string;
  token: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  permissions: unknown[] | null;
  allowedNetworks: string[];
  requestsPerMinute: number | null;
  notice: string;
}

/** A refused request: the HTTP status and the problem details the bridge answered. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered HTTP ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'ApiError';
  }
}

/** A fresh, valid, unique user (username 3-50 of A-Z a-z 0-9 . _ -; password 10+ characters). */
export function newUser(prefix = 'e2e'): UserCredentials {
  const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const username = `${prefix}-${suffix}`;
  return { username, email: `${username}@example.test`, password: `pw-${randomBytes(12).toString('base64url')}` };
}

/**
 * The bridge's REST API as a script uses it (fetch from Node, no browser). Every method throws
 * {@link ApiError} on a status outside 2xx.
 */
export class BridgeApi {
  constructor(readonly baseUrl: string = bridgeUrl()) {}

  /** Any request; `token` is sent as Authorization: Bearer. Answers the parsed JSON body (or undefined). */
  async request<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
    if (!response.ok) throw new ApiError(method, path, response.status, body);
    return (text ? body : undefined) as T;
  }

  /** POST /auth/register. */
  async register(user: UserCredentials): Promise<{ userId: string; username: string }> {
    return this.request('POST', '/auth/register', { body: user });
  }

  /** POST /auth/login. */
  async signIn(user: UserCredentials): Promise<Session> {
    const tokens = await this.request<{
      accessToken: string;
      refreshToken: string;
      sessionId: string;
      passwordChangeRequired: boolean;
    }>('POST', '/auth/login', { body: { username: user.username, password: user.password } });
    const me = await this.request<{ userId: string }>('GET', '/auth/me', { token: tokens.accessToken });
    return {
      user,
      userId: me.userId,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      sessionId: tokens.sessionId,
      passwordChangeRequired: tokens.passwordChangeRequired,
    };
  }

  /** A new user ({@link newUser}), registered and signed in. */
  async registerAndSignIn(prefix = 'e2e'): Promise<Session> {
    const user = newUser(prefix);
    await this.register(user);
    return this.signIn(user);
  }

  /**
   * The first administrator (`admin`), signed in. Its initial password (E2E_ADMIN_PASSWORD) must be
   * changed at the first sign-in: this does it, to {@link adminPassword}, so every later call (in
   * any worker) signs in with that one.
   */
  async signInAsAdmin(): Promise<Session> {
    const initial: UserCredentials = { username: 'admin', email: 'admin@localhost', password: adminInitialPassword() };
    const changed: UserCredentials = { ...initial, password: BridgeApi.adminPassword() };
    try {
      const session = await this.signIn(changed);
      return session;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
    }
    const first = await this.signIn(initial);
    await this.request('POST', '/auth/password', {
      token: first.accessToken,
      body: { currentPassword: initial.password, newPassword: changed.password },
    });
    return this.signIn(changed);
  }

  /** The password {@link signInAsAdmin} gives the administrator: derived from the initial one. */
  static adminPassword(): string {
    return `${adminInitialPassword()}-changed`;
  }

  /** POST /api/tokens/generate: a personal mcp_ token of the session's user. */
  async createApiToken(session: Session, request: TokenRequest | string = 'e2e'): Promise<GeneratedToken> {
    const body = typeof request === 'string' ? { name: request } : request;
    return this.request('POST', '/api/tokens/generate', { token: session.accessToken, body });
  }

  /** DELETE /api/tokens/{id}. */
  async revokeApiToken(session: Session, tokenId: string): Promise<void> {
    await this.request('DELETE', `/api/tokens/${encodeURIComponent(tokenId)}`, { token: session.accessToken });
  }
}
