import { readFileSync } from 'node:fs';
import { newUser } from '../helpers/api.ts';
import { openApp, webStorage } from '../helpers/app.ts';
import { bridgeUrl } from '../helpers/env.ts';
import { expect, test } from '../helpers/fixtures.ts';
import { callTool, listTools } from '../helpers/mcp.ts';
import { goTo, signInThroughUi } from '../helpers/ui.ts';

/**
 * What a newcomer does in the browser, without a terminal (issue 15): register, sign in, connect
 * a Home Assistant (the built-in simulator), make a token for a client, copy it, watch the
 * client's call arrive live, export the call log, revoke the token.
 */
test('a newcomer connects a house, makes a token, watches its call arrive live, exports it and revokes it', async ({
  page,
  context,
  pageProblems,
}) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bridgeUrl() });
  const user = newUser('flow');

  await openApp(page, '/register');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel(/^Password/).fill(user.password);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText('Your account is ready. Sign in with it.')).toBeVisible();
  await signInThroughUi(page, user);

  // The simulator, as this person's own Home Assistant: tested before it is saved.
  await goTo(page, 'Home Assistant');
  await page.getByRole('button', { name: 'Add a connection' }).click();
  await page.getByLabel('Name').fill('home');
  await page.getByLabel('URL').fill(`${bridgeUrl()}/simulator/ha`);
  await page.getByLabel('Long-lived access token').fill(process.env.E2E_SIMULATOR_TOKEN!);
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByText('Everything works.')).toBeVisible();
  await expect(page.getByText('MCP tools/list')).toBeVisible();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Connection saved.')).toBeVisible();

  // A token for LM Studio, shown once, copied.
  await goTo(page, 'API tokens');
  await page.getByRole('button', { name: 'Create token' }).click();
  const create = page.getByRole('dialog', { name: 'Create token' });
  await create.getByLabel('Name').fill('LM Studio');
  await create.getByRole('button', { name: 'Create' }).click();
  const created = page.getByRole('dialog', { name: 'Your new token' });
  await expect(created.getByText(/you will not see it again/i)).toBeVisible();
  const token = await created.getByRole('textbox', { name: 'Token' }).inputValue();
  expect(token).toMatch(/^mcp_/);
  await created.getByRole('button', { name: 'Copy token' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await created.getByRole('button', { name: 'I have copied it' }).click();

  // A real MCP client calls with the copied token; the call appears in the open call log.
  await goTo(page, 'Call log');
  await expect(page.getByText('Live updates on')).toBeVisible();
  const tools = await listTools(token);
  expect(tools.ok, JSON.stringify(tools)).toBe(true);
  const turnOn = tools.ok ? tools.value.find((name) => /(^|_)HassTurnOn$/.test(name) && name.startsWith('home')) ?? 'HassTurnOn' : '';
  const call = await callTool(token, turnOn, { name: 'Kitchen Light' });
  expect(call.ok, JSON.stringify(call)).toBe(true);
  await expect(page.getByRole('cell', { name: turnOn }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: 'LM Studio' }).first()).toBeVisible();

  // The export holds the call.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8').split('\r\n').filter(Boolean);
  expect(csv[0]).toBe(
    'id,at,tool,upstream,upstreamLabel,outcome,errorCode,latencyMs,requestBytes,responseBytes,clientIp,tokenId,tokenName',
  );
  expect(csv.some((row) => row.includes(`,${turnOn},`) && row.includes(',home,OK,'))).toBe(true);
  expect(csv.some((row) => row.includes(`,${turnOn},`) && row.includes(',OK,') && row.endsWith(',LM Studio'))).toBe(true);

  // Revoked in the browser, refused to the client.
  await goTo(page, 'API tokens');
  await page.getByRole('button', { name: 'Revoke: LM Studio' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect.poll(async () => (await callTool(token, turnOn, { name: 'Kitchen Light' })).ok).toBe(false);

  expect(await webStorage(page)).toEqual({ localStorage: {}, sessionStorage: {} });
  pageProblems.expectNone();
});

test('a reload keeps the session and signing out ends it', async ({ page, api, pageProblems }) => {
  const user = newUser('session');
  await api.register(user);
  await signInThroughUi(page, user);

  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  expect(await webStorage(page)).toEqual({ localStorage: {}, sessionStorage: {} });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the bridge' })).toBeVisible();
  await page.goto('/tokens');
  await expect(page.getByRole('heading', { name: 'Sign in to the bridge' })).toBeVisible();
  pageProblems.expectNone();
});

test("a read-only user's tester is refused on HassTurnOn with the API's error", async ({ page, api }) => {
  const admin = await api.signInAsAdmin();
  const reader = await api.registerAndSignIn('reader');
  await api.request('PUT', `/permissions/user/${reader.userId}`, {
    token: admin.accessToken,
    body: { tool: 'Hass*', levels: ['read'], enabled: true },
  });
  await signInThroughUi(page, reader.user);

  await goTo(page, 'Tools');
  await page.getByRole('button', { name: 'Test HassTurnOn' }).click();
  await expect(page.getByText(/You may not call this tool/)).toBeVisible();
  await page.getByLabel('Arguments (JSON)').fill('{"name":"Kitchen Light"}');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await page.getByRole('dialog', { name: 'This tool may change your house' }).getByRole('button', { name: 'Call' }).click();
  await expect(page.getByText('Refused: JSON-RPC error -32002')).toBeVisible();
});

test('the dashboard speaks French to a French browser', async ({ browser }) => {
  const french = await browser.newContext({ locale: 'fr-FR', baseURL: bridgeUrl() });
  const page = await french.newPage();
  await openApp(page, '/sign-in');
  await expect(page.getByRole('heading', { name: 'Connexion à la passerelle' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', /^fr/);
  await french.close();
});
