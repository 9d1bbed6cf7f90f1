import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { AppProvider, createQueryClient } from '../app/provider';
import { AppRoutes } from '../app/router';
import { authStore } from '../lib/auth-store';

type Handler = (init: RequestInit | undefined, url: URL) => Response | unknown;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });
}

/** Answers fetch from "METHOD /path" handlers; anything else is a 404 problem, so a page shows its empty state. */
export function mockFetch(handlers: Record<string, Handler>) {
  const spy = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const handler = handlers[`${method} ${url.pathname}`];
    if (!handler) return json({ type: '/problems/not-found', title: 'Not found', status: 404, detail: `No mock for ${method} ${url.pathname}` }, 404);
    const answer = handler(init, url);
    return answer instanceof Response ? answer : json(answer);
  });
  vi.stubGlobal('fetch', spy);
  return spy;
}

export function signedIn(): void {
  authStore.set({ accessToken: 'access-1', sessionId: 'session-1', passwordChangeRequired: false, expiresAt: Date.now() + 900_000 });
}

/** The whole app at {@code route}, in English, without asking the refresh cookie. */
export function renderRoute(route: string) {
  return render(
    <AppProvider resumeSession={false} queryClient={createQueryClient()} language="en">
      <MemoryRouter initialEntries={[route]}>
        <AppRoutes />
      </MemoryRouter>
    </AppProvider>,
  );
}

export function renderWithProviders(ui: ReactElement) {
  return render(
    <AppProvider resumeSession={false} queryClient={createQueryClient()} language="en">
      <MemoryRouter>{ui}</MemoryRouter>
    </AppProvider>,
  );
}
