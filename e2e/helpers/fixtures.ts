import { test as base, expect } from '@playwright/test';
import { BridgeApi } from './api.ts';
import { bridgeUrl } from './env.ts';
import { watchPage, type PageProblems } from './page-watch.ts';

/**
 * The tests' `test`: Playwright's, with baseURL set to the bridge under test (so page.goto('/')
 * and request.get('/') reach it), `api` for the REST API and `pageProblems` watching `page` from
 * its first navigation.
 */
export const test = base.extend<{ api: BridgeApi; pageProblems: PageProblems }>({
  baseURL: async ({}, use) => use(bridgeUrl()),
  api: async ({}, use) => use(new BridgeApi(bridgeUrl())),
  pageProblems: async ({ page }, use) => use(await watchPage(page)),
});

export { expect };
