import { callTool, listTools, resultText } from '../helpers/mcp.ts';
import { expect, test } from '../helpers/fixtures.ts';

test('an mcp_ token made through the API switches a simulator light through /mcp until it is revoked', async ({ api }) => {
  const session = await api.registerAndSignIn('mcp');
  const token = await api.createApiToken(session, 'e2e SDK client');
  expect(token.token).toMatch(/^mcp_/);

  const tools = await listTools(token.token);
  expect(tools.ok, JSON.stringify(tools)).toBe(true);
  if (tools.ok) expect(tools.value).toContain('HassTurnOn');

  const call = await callTool(token.token, 'HassTurnOn', { name: 'Kitchen Light' });
  expect(call.ok, JSON.stringify(call)).toBe(true);
  if (!call.ok) return;
  expect(call.value.isError ?? false, resultText(call.value)).toBe(false);
  const answer = JSON.parse(resultText(call.value)) as { data?: { success?: { name: string }[] } };
  expect(answer.data?.success?.map((target) => target.name)).toContain('Kitchen Light');

  await api.revokeApiToken(session, token.id);
  const refused = await callTool(token.token, 'HassTurnOn', { name: 'Kitchen Light' });
  expect(refused.ok, 'a revoked token still works').toBe(false);
  if (!refused.ok) expect(refused.error).toMatchObject({ stage: 'connect', kind: 'http', code: 401 });
});

test('the administrator signs in with the password the harness gave the bridge', async ({ api }) => {
  const admin = await api.signInAsAdmin();
  expect(admin.passwordChangeRequired).toBe(false);
  const me = await api.request<{ username: string; role: string }>('GET', '/auth/me', { token: admin.accessToken });
  expect(me).toMatchObject({ username: 'admin', role: 'ADMIN' });
  // Signing in again takes the already changed password.
  await expect(api.signInAsAdmin()).resolves.toMatchObject({ passwordChangeRequired: false });
});
