import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The e2e module's folder, whatever the working directory. */
export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Everything a run writes: the bridge's data and log, screenshots, Playwright's results. */
export const TARGET_DIR = path.join(E2E_DIR, 'target');
export const BRIDGE_RUNTIME_TARGET = path.resolve(E2E_DIR, '..', 'bridge-runtime', 'target');
/** Written by the global set-up, read by the global tear-down: which bridge this run uses. */
export const BRIDGE_STATE_FILE = path.join(TARGET_DIR, 'e2e-bridge.json');
export const BRIDGE_LOG_FILE = path.join(TARGET_DIR, 'bridge-console.log');
export const BRIDGE_DATA_DIR = path.join(TARGET_DIR, 'bridge-data');
export const SCREENSHOT_DIR = path.join(TARGET_DIR, 'screenshots');
