import { openApp, webStorage } from '../helpers/app.ts';
import { newUser } from '../helpers/api.ts';
import { expect, test } from '../helpers/fixtures.ts';

/** A Content-Security-Policy header as directive -> sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

test('GET / answers the dashboard with a strict Content-Security-Policy and no inline script', async ({ request }) => {
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^text\/html/);
  const policy = response.headers()['content-security-policy'];
  expect(policy, 'Content-Security-Policy header').toBeTruthy();
  expect(policy).not.toContain("'unsafe-eval'");
  const csp = directives(policy);
  expect(csp.get('script-src'), `script-src of: ${policy}`).toContain("'self'");
  expect(csp.get('script-src')).not.toContain("'unsafe-inline'");

  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length, 'the page loads its code with <script src>').toBeGreaterThan(0);
  for (const [tag, attributes, body] of scripts) {
    expect(body.trim(), `inline script body in ${tag}`).toBe('');
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
    expect(src, `a script without src: ${tag}`).toBeTruthy();
    expect(src!, 'scripts come from the bridge itself').toMatch(/^\/(?!\/)/);
  }
});

test('the dashboard loads in Chromium without console errors or CSP violations', async ({ page, pageProblems }) => {
  await openApp(page);
  await expect(page).toHaveTitle(/\S/);
  // Two frames later: whatever the first render scheduled has run.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  pageProblems.expectNone();
});

test('the policy is enforced and the watcher sees its violations', async ({ page, pageProblems }) => {
  // The control for the test above: an inline script must be refused, and reported.
  await openApp(page);
  const ran = await page.evaluate(() => {
    const w = window as unknown as { injectedRan?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.injectedRan = true';
    document.head.append(script);
    return w.injectedRan === true;
  });
  expect(ran, 'an inline script ran despite the policy').toBe(false);
  await expect.poll(() => pageProblems.cspViolations.length).toBeGreaterThan(0);
  expect(pageProblems.cspViolations[0].effectiveDirective).toMatch(/^script-src/);
  // Chromium reports the refusal on the console too: the console watcher hears errors.
  await expect.poll(() => pageProblems.consoleErrors.join('\n')).toContain('Content Security Policy');
});

test('the watcher reports a failed request unless the test expects it', async ({ page, pageProblems }) => {
  await openApp(page);
  const status = await page.evaluate(async () => (await fetch('/api/tokens')).status);
  expect(status).toBe(401);
  await expect.poll(() => pageProblems.consoleErrors.join('\n')).toContain('401');
  expect(() => pageProblems.expectNone()).toThrow(/api\/tokens/);
  pageProblems.expectNone({ allow: [{ url: /\/api\/tokens$/, status: 401 }] });
});

test('signed in, nothing is kept in localStorage or sessionStorage and no token is readable as a cookie', async ({
  page,
  api,
}) => {
  await openApp(page);
  const user = newUser('storage');
  await api.register(user);
  // Through the browser context's own request client, so any cookie the bridge sets lands in the browser.
  const login = await page.request.post('/auth/login', { data: { username: user.username, password: user.password } });
  expect(login.status()).toBe(200);
  const tokens = (await login.json()) as { accessToken: string; refreshToken: string };
  await openApp(page);
  expect(await webStorage(page)).toEqual({ localStorage: {}, sessionStorage: {} });
  const cookies = await page.evaluate(() => document.cookie);
  expect(cookies).not.toContain(tokens.accessToken);
  expect(cookies).not.toContain(tokens.refreshToken);
});
