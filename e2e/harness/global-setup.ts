import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { requireChromium } from './chromium.ts';
import { simulatorToken, startBridge, type BridgeState } from './bridge.ts';
import { BRIDGE_STATE_FILE, TARGET_DIR } from './paths.ts';

/**
 * Once per run, before any test: checks there is a browser, then starts the bridge (or takes the
 * one E2E_BASE_URL names) and hands its URL and the administrator's password to the tests through
 * the environment (E2E_BASE_URL, E2E_ADMIN_PASSWORD) and target/e2e-bridge.json.
 */
export default async function globalSetup(): Promise<void> {
  // First: the tear-down runs even when this fails, and a state file left by an earlier run must
  // never make it signal a process that has reused that run's pid.
  rmSync(BRIDGE_STATE_FILE, { force: true });
  requireChromium();
  mkdirSync(TARGET_DIR, { recursive: true });
  let state: BridgeState;
  const external = process.env.E2E_BASE_URL?.trim();
  // For a bridge started here, the first administrator gets this password (BRIDGE_ADMIN_PASSWORD);
  // for a running one, E2E_ADMIN_PASSWORD may say what it is.
  const adminPassword =
    process.env.E2E_ADMIN_PASSWORD?.trim() || (external ? '' : `e2e-admin-${randomBytes(9).toString('base64url')}`);
  if (external) {
    state = { baseUrl: external.replace(/\/+$/, '') };
    console.log(`[e2e] testing the running bridge at ${state.baseUrl} (E2E_BASE_URL); nothing started`);
  } else {
    const staticDir = process.env.E2E_STATIC_DIR?.trim();
    console.log(
      '[e2e] starting the bridge (demo profile, embedded PostgreSQL, simulator)' +
        (staticDir ? `, serving the dashboard from ${staticDir} (E2E_STATIC_DIR)` : '') +
        '...',
    );
    state = await startBridge(adminPassword);
    console.log(
      `[e2e] bridge ready at ${state.baseUrl} in ${((state.startupMillis ?? 0) / 1000).toFixed(1)} s ` +
        `(pid ${state.pid}, jar ${state.jar}, console output in ${state.logFile})`,
    );
  }
  writeFileSync(BRIDGE_STATE_FILE, JSON.stringify(state, null, 2) + '\n');
  // Workers are started after the global set-up and inherit this environment.
  process.env.E2E_BASE_URL = state.baseUrl;
  process.env.E2E_ADMIN_PASSWORD = adminPassword;
  process.env.E2E_SIMULATOR_TOKEN = simulatorToken();
  process.env.E2E_BRIDGE_STARTED = state.pid !== undefined ? 'true' : 'false';
}
