import { readFileSync } from 'node:fs';
import { newUser } from '../helpers/api.ts';
import { openApp } from '../helpers/app.ts';
import { expect, test } from '../helpers/fixtures.ts';
import { callTool } from '../helpers/mcp.ts';
import { goTo, signInThroughUi } from '../helpers/ui.ts';

/** The steps of the user's half the newcomer's flow does not take, each as a user would try it. */
test('the tester calls a tool with a form made from its schema and shows the answer', async ({ page, api }) => {
  const session = await api.registerAndSignIn('tester');
  await signInThroughUi(page, session.user);

  await goTo(page, 'Tools');
  await page.getByRole('button', { name: 'Test HassTurnOn' }).click();
  await page.getByRole('textbox', { name: /^name/ }).fill('Kitchen Light');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await page.getByRole('dialog', { name: 'This tool may change your house' }).getByRole('button', { name: 'Call' }).click();

  const result = page.getByRole('region', { name: 'Result' });
  await expect(result.getByText('The tool answered', { exact: true })).toBeVisible();
  await expect(result.getByText(/Latency: \d+ ms/)).toBeVisible();
  await expect(result.getByText(/Kitchen Light/).first()).toBeVisible();
});

test('the connect page tests a pasted token and the tokens page shows its usage', async ({ page, api }) => {
  const session = await api.registerAndSignIn('connect');
  const token = await api.createApiToken(session, 'n8n');
  await callTool(token.token, 'HassTurnOn', { name: 'Kitchen Light' });
  await signInThroughUi(page, session.user);

  await goTo(page, 'Connect a client');
  await page.getByLabel('API token').fill(token.token);
  await page.getByRole('button', { name: 'Test this token' }).click();
  await expect(page.getByText(/The token works: the bridge shows it \d+ tools\./)).toBeVisible();
  await expect(page.getByText(`"Authorization": "Bearer ${token.token}"`).first()).toBeVisible();

  await goTo(page, 'API tokens');
  await page.getByRole('button', { name: 'Usage of n8n' }).click();
  await expect(page.getByRole('heading', { name: 'Calls per day' })).toBeVisible();
  await expect(page.getByText(/Calls: [1-9]/)).toBeVisible();
});

test('the profile ends another session, and the history tells the sign-ins', async ({ page, api }) => {
  const session = await api.registerAndSignIn('profile');
  const other = await api.signIn(session.user);
  await signInThroughUi(page, session.user);

  await goTo(page, 'Profile and security');
  const sessions = page.getByRole('group', { name: 'Active sessions' });
  await expect(sessions.getByRole('button', { name: /^End session/ })).toHaveCount(3);
  await expect(page.getByRole('cell', { name: 'Signed in' }).first()).toBeVisible();
  // The other sessions' buttons are named after when each started; the current one says so.
  await sessions.getByRole('button', { name: /^End session (?!\(This session\))/ }).first().click();
  await page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(sessions.getByRole('button', { name: /^End session/ })).toHaveCount(2);
  // One of the two other sessions ended; the browser's own goes on.
  await expect
    .poll(async () => {
      const answers = await Promise.all(
        [session.accessToken, other.accessToken].map((token) =>
          api.request('GET', '/auth/me', { token }).then(() => 'open', () => 'ended'),
        ),
      );
      return answers.filter((answer) => answer === 'ended').length;
    })
    .toBe(1);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
});

test('the call log exports the filtered set as JSON', async ({ page, api }) => {
  const session = await api.registerAndSignIn('json');
  const token = await api.createApiToken(session, 'export');
  await callTool(token.token, 'HassTurnOn', { name: 'Kitchen Light' });
  await callTool(token.token, 'NoSuchTool', {});
  await signInThroughUi(page, session.user);

  await goTo(page, 'Call log');
  await expect(page.getByRole('cell', { name: 'NoSuchTool' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const calls = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { tool: string; outcome: string }[];
  expect(calls.map((call) => `${call.tool} ${call.outcome}`)).toEqual(['NoSuchTool INVALID', 'HassTurnOn OK']);
});

test('signing in works with the keyboard alone', async ({ page, api }) => {
  const user = newUser('keys');
  await api.register(user);
  await openApp(page, '/sign-in');

  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('autocomplete') ?? document.activeElement?.tagName);
  for (let i = 0; i < 10 && (await focused()) !== 'username'; i++) await page.keyboard.press('Tab');
  expect(await focused()).toBe('username');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('current-password');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
});
