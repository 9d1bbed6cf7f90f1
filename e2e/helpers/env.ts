/** The bridge under test, as the global set-up chose it (E2E_BASE_URL), without a trailing slash. */
export function bridgeUrl(): string {
  const url = process.env.E2E_BASE_URL?.trim();
  if (!url) throw new Error('E2E_BASE_URL is not set: run the tests through Playwright, whose global set-up sets it.');
  return url.replace(/\/+$/, '');
}

/** The first administrator's initial password (BRIDGE_ADMIN_PASSWORD of the bridge the harness started). */
export function adminInitialPassword(): string {
  const password = process.env.E2E_ADMIN_PASSWORD?.trim();
  if (!password) {
    throw new Error('E2E_ADMIN_PASSWORD is not set: with E2E_BASE_URL, give the administrator password of that bridge.');
  }
  return password;
}
