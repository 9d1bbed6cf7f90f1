import { expect, type Page } from '@playwright/test';
import { newUser, type BridgeApi, type UserCredentials } from '../helpers/api.ts';
import { openApp } from '../helpers/app.ts';
import { expectNoSeriousViolations } from '../helpers/axe.ts';
import { bridgeUrl } from '../helpers/env.ts';
import { test } from '../helpers/fixtures.ts';
import { callTool } from '../helpers/mcp.ts';
import { screenshotAllVariants, useVariant } from '../helpers/screenshots.ts';
import { signInThroughUi } from '../helpers/ui.ts';

/** Every page of the user's half: pictures in light and dark, desktop and phone, and axe in both schemes. */
/**
 * The MCP SDK's client, in the tool tester, asks GET /mcp for a stream of server messages; the
 * bridge sends none and answers 405, as the transport's specification says it may, and the
 * browser logs that as a failed request.
 */
const MCP_STREAM_REFUSED = { url: /\/mcp$/, status: 405 };

const PAGES: { name: string; path: string }[] = [
  { name: 'overview', path: '/' },
  { name: 'tools', path: '/tools' },
  { name: 'connections', path: '/connections' },
  { name: 'tokens', path: '/tokens' },
  { name: 'connect', path: '/connect' },
  { name: 'profile', path: '/profile' },
  { name: 'calls', path: '/calls' },
];

async function shown(page: Page, path: string): Promise<void> {
  await openApp(page, path);
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
}

/** Pictures of one page in its four variants, then axe in both schemes, then the phone's width. */
async function pictureAndCheck(page: Page, name: string, path: string): Promise<void> {
  await screenshotAllVariants(page, name, (p) => shown(p, path));
  for (const scheme of ['light', 'dark'] as const) {
    await useVariant(page, scheme, 'desktop');
    await shown(page, path);
    await expectNoSeriousViolations(page, { label: `${name}, ${scheme}` });
  }
  // On a 390-pixel phone the page itself never scrolls sideways; a wide table scrolls in its own box.
  await useVariant(page, 'light', 'phone');
  await shown(page, path);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} on a phone`).toBeLessThanOrEqual(390);
}

for (const { name, path } of [
  { name: 'sign-in', path: '/sign-in' },
  { name: 'register', path: '/register' },
]) {
  test(`the ${name} page, pictured and checked`, async ({ page, pageProblems }) => {
    test.setTimeout(120_000);
    await pictureAndCheck(page, name, path);
    pageProblems.expectNone();
  });
}

/** One person with a house, a token and calls in it, so that no page is pictured empty. */
let person: UserCredentials | undefined;

async function personWithAHouse(api: BridgeApi): Promise<UserCredentials> {
  if (person) return person;
  const user = newUser('pages');
  await api.register(user);
  const session = await api.signIn(user);
  await api.request('POST', '/config/homeassistant', {
    token: session.accessToken,
    body: { name: 'home', url: `${bridgeUrl()}/simulator/ha`, token: process.env.E2E_SIMULATOR_TOKEN },
  });
  const token = await api.createApiToken(session, 'Claude Desktop');
  await callTool(token.token, 'home_HassTurnOn', { name: 'Kitchen Light' });
  await callTool(token.token, 'home_HassTurnOff', { name: 'Kitchen Light' });
  await callTool(token.token, 'NoSuchTool', {});
  person = user;
  return user;
}

for (const { name, path } of PAGES) {
  test(`the ${name} page, pictured and checked, with a house, a token and calls in it`, async ({ page, api, pageProblems }) => {
    test.setTimeout(120_000);
    await signInThroughUi(page, await personWithAHouse(api));
    await pictureAndCheck(page, name, path);
    pageProblems.expectNone({ allow: [MCP_STREAM_REFUSED] });
  });
}

const ADMIN_PAGES: { name: string; path: string }[] = [
  { name: 'people', path: '/manage/people' },
  { name: 'system', path: '/manage/system' },
];

for (const { name, path } of ADMIN_PAGES) {
  test(`the ${name} page, pictured and checked, as an administrator of an installation in use`, async ({ page, api, pageProblems }) => {
    test.setTimeout(120_000);
    await personWithAHouse(api);
    const admin = await api.signInAsAdmin();
    await signInThroughUi(page, admin.user);
    await pictureAndCheck(page, name, path);
    pageProblems.expectNone();
  });
}
