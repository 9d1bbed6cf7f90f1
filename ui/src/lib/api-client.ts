import { authStore, toSession, type Tokens } from './auth-store';

/** Extra members of a problem document beyond the RFC 9457 ones (lockedUntil, errors, ...). */
export type ProblemExtras = Record<string, unknown>;

export type FieldError = { field: string; message: string };

/**
 * An answer from the bridge whose HTTP status the caller did not accept, parsed from the
 * RFC 9457 problem document when there is one. {@code code} is the last path segment of
 * {@code type} ("/problems/account-locked" gives "account-locked").
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | null;
  readonly extras: ProblemExtras;

  constructor(status: number, code: string, title: string, detail: string | null, extras: ProblemExtras = {}) {
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.extras = extras;
  }

  /** The field errors of a validation-failed problem. */
  get fieldErrors(): FieldError[] {
    const errors = this.extras.errors;
    return Array.isArray(errors)
      ? errors.filter(
          (e): e is FieldError => typeof e === 'object' && e !== null && 'field' in e && 'message' in e,
        )
      : [];
  }

  /** When a locked account unlocks, from the problem's lockedUntil member. */
  get lockedUntil(): Date | null {
    const value = this.extras.lockedUntil;
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : null;
  }
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance']);

/** Reads a failed response as a problem document, or describes it when it is not one. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: a proxy's page or an empty body; the status is all there is.
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const problem = body as Record<string, unknown>;
    const type = typeof problem.type === 'string' ? problem.type : '';
    const code = type.split('/').filter(Boolean).pop() ?? `http-${response.status}`;
    const extras: ProblemExtras = {};
    Object.entries(problem).forEach(([key, value]) => {
      if (!STANDARD_MEMBERS.has(key)) extras[key] = value;
    });
    return new ApiError(
      typeof problem.status === 'number' ? problem.status : response.status,
      code || `http-${response.status}`,
      typeof problem.title === 'string' ? problem.title : response.statusText || `HTTP ${response.status}`,
      typeof problem.detail === 'string' ? problem.detail : null,
      extras,
    );
  }
  return new ApiError(response.status, `http-${response.status}`, response.statusText || `HTTP ${response.status}`, null);
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Statuses besides 2xx whose JSON body is still a meaningful answer. */
  acceptStatuses?: readonly number[];
  /** false for the calls made before there is a session (login, register). */
  authenticated?: boolean;
};

let refreshing: Promise<Tokens> | null = null;

/**
 * Asks for a new access token with the refresh cookie. Only one refresh runs at a time: the
 * cookie rotates, and presenting a spent one ends the whole session.
 */
export function refreshSession(): Promise<Tokens> {
  if (!refreshing) {
    refreshing = (async () => {
      const response = await fetch('/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-Bridge-Refresh': 'cookie' },
      });
      if (response.status === 204) {
        // No cookie: nobody is signed in in this browser, which is no error.
        authStore.set(null);
        throw new Error('No session to resume');
      }
      if (!response.ok) {
        throw await toApiError(response);
      }
      const tokens = (await response.json()) as Tokens;
      authStore.set(toSession(tokens));
      return tokens;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

/** The headers every call to the bridge carries, with the current access token when there is one. */
export function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const token = authStore.accessToken();
  return { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
}

/**
 * The one way the dashboard talks to the bridge. Paths are relative to the page's origin, because
 * the bridge serves the dashboard itself. A 401 on an authenticated call refreshes the session
 * once and tries again; a second 401 signs the user out.
 */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const { method = 'GET', body, signal, headers = {}, acceptStatuses = [], authenticated = true } = options;
  const send = () =>
    fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: {
        ...(authenticated ? authHeaders() : { Accept: 'application/json' }),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let response = await send();
  if (response.status === 401 && authenticated && authStore.get()) {
    try {
      await refreshSession();
    } catch {
      authStore.set(null);
      throw await toApiError(response);
    }
    response = await send();
    if (response.status === 401) {
      authStore.set(null);
    }
  }
  if (!response.ok && !acceptStatuses.includes(response.status)) {
    throw await toApiError(response);
  }
  return response;
}

/** A JSON answer; 204 gives undefined. */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

/** A GET that needs no session (health). */
export function getJson<T>(path: string, options: Pick<RequestOptions, 'signal' | 'acceptStatuses'> = {}): Promise<T> {
  return requestJson<T>(path, { ...options, authenticated: false });
}

/** Builds a query string from the members that have a value. */
export function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  });
  const text = search.toString();
  return text ? `?${text}` : '';
}
