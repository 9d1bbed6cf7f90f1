import { readFileSync } from 'node:fs';
import { ApiError, newUser, type BridgeApi } from '../helpers/api.ts';
import { openApp } from '../helpers/app.ts';
import { expect, test } from '../helpers/fixtures.ts';
import { bridgeUrl } from '../helpers/env.ts';
import { callTool } from '../helpers/mcp.ts';
import { goTo, signInThroughUi } from '../helpers/ui.ts';

/** The newest audit event's sentence for a filter; the audit index follows the store, so callers poll. */
async function latestSummary(api: BridgeApi, token: string, filter: string): Promise<string> {
  const page = await api.request<{ items: { summary: string }[] }>('GET', `/admin/security/audit?${filter}&limit=1`, { token });
  return page.items[0]?.summary ?? '';
}

/**
 * The administrators' pages in the browser (issue 17): People changes accounts with a reason the
 * audit keeps, System purges the request log; nobody else may open them.
 */
test('an administrator disables, promotes, demotes and deletes an account on the People page, each with its reason', async ({ page, api, pageProblems }) => {
  test.setTimeout(120_000);
  const person = newUser('people');
  const { userId } = await api.register(person);
  const theirs = await api.signIn(person);
  await api.createApiToken(theirs, 'n8n');
  const admin = await api.signInAsAdmin();
  await signInThroughUi(page, admin.user);

  await goTo(page, 'People');
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await page.getByLabel('Search').fill(person.username);
  const row = page.getByRole('row', { name: new RegExp(person.username) });
  await expect(row).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: /^1 of \d+ accounts$/ })).toBeVisible();
  await expect(row.getByRole('cell').nth(4)).toHaveText('1');
  await expect(row.getByText(person.email)).toBeVisible();

  // Disabled with a reason: their API calls are refused from the next request on.
  await row.getByRole('button', { name: `Disable: ${person.username}` }).click();
  const disable = page.getByRole('dialog', { name: `Disable ${person.username}?` });
  await disable.getByLabel('Reason (optional)').fill('left the household');
  await disable.getByRole('button', { name: 'Disable' }).click();
  await expect(row.getByText('Disabled')).toBeVisible();
  await expect(api.request('GET', '/auth/me', { token: theirs.accessToken })).rejects.toMatchObject({ status: 401 });
  await expect.poll(() => latestSummary(api, admin.accessToken, `user=${userId}&type=UserDisabled`), { timeout: 30_000 }).toContain("reason: 'left the household'");

  await row.getByRole('button', { name: `Enable: ${person.username}` }).click();
  await page.getByRole('dialog', { name: `Enable ${person.username}?` }).getByRole('button', { name: 'Enable' }).click();
  await expect(row.getByText('Enabled')).toBeVisible();

  await row.getByRole('button', { name: `Make administrator: ${person.username}` }).click();
  await page.getByRole('dialog', { name: `Make ${person.username} an administrator?` }).getByRole('button', { name: 'Make administrator' }).click();
  await expect(row.getByText('Administrator', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: `Make user: ${person.username}` }).click();
  await page.getByRole('dialog', { name: `Make ${person.username} a user?` }).getByRole('button', { name: 'Make user' }).click();
  await expect(row.getByText('User', { exact: true })).toBeVisible();

  // The deletion says what it shreds before it happens.
  await row.getByRole('button', { name: `Delete: ${person.username}` }).click();
  const remove = page.getByRole('dialog', { name: `Delete ${person.username}?` });
  await expect(remove).toContainText('destroys their data key');
  await expect(remove).toContainText('This cannot be undone.');
  await remove.getByRole('button', { name: 'Delete for good' }).click();
  await expect(row).toHaveCount(0);
  await expect(api.signIn(person)).rejects.toBeInstanceOf(ApiError);
  pageProblems.expectNone();
});

test('the last enabled administrator cannot be changed, and the page says why instead of offering it', async ({ page, api, pageProblems }) => {
  test.setTimeout(120_000);
  const admin = await api.signInAsAdmin();
  const accounts = await api.request<{ userId: string; role: string; enabled: boolean }[]>('GET', '/admin/users', { token: admin.accessToken });
  // No test leaves a second administrator behind (one worker, and the People test demotes its own).
  expect(accounts.filter((a) => a.role === 'ADMIN' && a.enabled)).toHaveLength(1);
  await signInThroughUi(page, admin.user);
  await openApp(page, '/manage/people');
  await page.getByLabel('Search').fill('admin');
  const row = page.getByRole('row', { name: /admin \(you\)/ });
  await expect(row.getByText('The last enabled administrator')).toBeVisible();
  await expect(row.getByRole('button')).toHaveCount(0);
  pageProblems.expectNone();
});

test('an administrator purges the request log on the System page and sees how many rows went', async ({ page, api, pageProblems }) => {
  test.setTimeout(120_000);
  const admin = await api.signInAsAdmin();
  await signInThroughUi(page, admin.user);
  await goTo(page, 'System');
  await expect(page.getByRole('heading', { level: 1, name: 'System' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Database' })).toContainText('PostgreSQL');
  await expect(page.getByRole('region', { name: 'Master key' })).toContainText('master-');
  await page.getByRole('button', { name: 'Purge the request log now' }).click();
  const dialog = page.getByRole('dialog', { name: 'Purge the request log now' });
  await dialog.getByLabel('Reason (optional)').fill('end-to-end test');
  await dialog.getByRole('button', { name: 'Purge now' }).click();
  await expect(page.getByText(/^Request log rows deleted: \d+\.$/)).toBeVisible();
  await expect.poll(() => latestSummary(api, admin.accessToken, 'type=RequestLogPurged'), { timeout: 30_000 }).toContain("reason: 'end-to-end test'");

  // A backup comes down as a file, signed, without the master key.
  await page.getByRole('button', { name: 'Download a backup' }).click();
  const asked = page.getByRole('dialog', { name: 'Download a backup' });
  await asked.getByLabel('Reason (optional)').fill('before the upgrade');
  const download = page.waitForEvent('download');
  await asked.getByRole('button', { name: 'Download', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\S+/);
  const bytes = readFileSync((await file.path())!);
  expect(bytes.length).toBeGreaterThan(100);
  expect(bytes.toString('latin1')).not.toContain('BEGIN PRIVATE KEY');
  await expect(page.getByText('The backup was downloaded.')).toBeVisible();
  pageProblems.expectNone();
});

for (const path of ['/manage/people', '/manage/system']) {
  test(`someone who is not an administrator opening ${path} is told they may not, and the API refuses them`, async ({ page, api, pageProblems }) => {
    test.setTimeout(120_000);
    const user = newUser('notadmin');
    await api.register(user);
    await signInThroughUi(page, user);
    await expect(page.getByRole('link', { name: 'People' })).toHaveCount(0);
    await openApp(page, path);
    await expect(page.getByRole('heading', { level: 1, name: 'For administrators only' })).toBeVisible();
    const session = await api.signIn(user);
    await expect(api.request('GET', path === '/manage/people' ? '/admin/users' : '/admin/system', { token: session.accessToken })).rejects.toMatchObject({ status: 403 });
    pageProblems.expectNone();
  });
}

test('the Live page\'s charts move while a bounded burst of calls runs', async ({ page, api, pageProblems }) => {
  test.setTimeout(180_000);
  const caller = await api.registerAndSignIn('live');
  await api.request('POST', '/config/homeassistant', {
    token: caller.accessToken,
    body: { name: 'home', url: `${bridgeUrl()}/simulator/ha`, token: process.env.E2E_SIMULATOR_TOKEN },
  });
  const token = await api.createApiToken(caller, 'load');
  const admin = await api.signInAsAdmin();
  await signInThroughUi(page, admin.user);
  await goTo(page, 'Live');
  await expect(page.getByRole('heading', { level: 1, name: 'Live' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
  const caption = page.getByText(/^Calls in the last 60 seconds: \d+\./);
  await expect(caption).toBeVisible();
  const callsShown = async () => Number(/: (\d+)\./.exec((await caption.textContent()) ?? '')?.[1] ?? -1);
  const before = await callsShown();

  // Twenty calls, one after another: bounded, on loopback.
  for (let i = 0; i < 20; i++) await callTool(token.token, 'home_HassTurnOn', { name: 'Kitchen Light' });

  await expect.poll(callsShown, { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 20);
  await expect(page.getByText(/^Latest latency: p50 [\d.,]+ ms/)).toBeVisible();
  pageProblems.expectNone();
});
