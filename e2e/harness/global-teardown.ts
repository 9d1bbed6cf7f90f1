import { existsSync, readFileSync } from 'node:fs';
import { stopProcess, type BridgeState } from './bridge.ts';
import { BRIDGE_STATE_FILE } from './paths.ts';

/** Stops the bridge the global set-up started: SIGTERM, then SIGKILL after a grace period. */
export default async function globalTeardown(): Promise<void> {
  if (!existsSync(BRIDGE_STATE_FILE)) return;
  const state = JSON.parse(readFileSync(BRIDGE_STATE_FILE, 'utf8')) as BridgeState;
  if (state.pid === undefined) return;
  const started = Date.now();
  const outcome = await stopProcess(state.pid, state.descendants ?? []);
  console.log(`[e2e] bridge (pid ${state.pid}) ${outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
