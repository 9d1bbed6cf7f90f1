import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { BRIDGE_DATA_DIR, BRIDGE_LOG_FILE, BRIDGE_RUNTIME_TARGET } from './paths.ts';

/** What the tests and the tear-down need to know about the bridge under test. */
export interface BridgeState {
  baseUrl: string;
  /** Set when this run started the bridge (and so must stop it); absent for E2E_BASE_URL. */
  pid?: number;
  /** The bridge's descendants seen once it was ready (its embedded PostgreSQL), killed too if it must be killed. */
  descendants?: number[];
  logFile?: string;
  dataDir?: string;
  jar?: string;
  startupMillis?: number;
}

const READY_TIMEOUT_MS = Number(process.env.E2E_BRIDGE_START_TIMEOUT_MS ?? 120_000);
const STOP_GRACE_MS = 15_000;

/**
 * The repackaged Spring Boot jar of bridge-runtime (its finalName is ha-mcp-bridge.jar), newest first;
 * E2E_BRIDGE_JAR names another one.
 */
export function findBridgeJar(): string {
  const fromEnv = process.env.E2E_BRIDGE_JAR?.trim();
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`E2E_BRIDGE_JAR=${fromEnv} does not exist.`);
    return path.resolve(fromEnv);
  }
  const candidates = existsSync(BRIDGE_RUNTIME_TARGET)
    ? readdirSync(BRIDGE_RUNTIME_TARGET)
        .filter((name) => name.endsWith('.jar'))
        .filter((name) => !/-(plain|sources|javadoc|tests|test-sources)\.jar$/.test(name))
        .map((name) => path.join(BRIDGE_RUNTIME_TARGET, name))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    : [];
  if (candidates.length === 0) {
    throw new Error(
      `No bridge jar in ${BRIDGE_RUNTIME_TARGET}: build it first (./mvnw install -DskipTests), ` +
        'or set E2E_BRIDGE_JAR, or test a running bridge with E2E_BASE_URL.',
    );
  }
  return candidates[0];
}

/** A port nobody listens on right now, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function javaExecutable(): string {
  const home = process.env.JAVA_HOME?.trim();
  return home ? path.join(home, 'bin', 'java') : 'java';
}

/** The last lines of the bridge's console output, for a start-up that went wrong. */
export function tailOfLog(file: string, lines = 100): string {
  if (!existsSync(file)) return '(no console output was written)';
  const all = readFileSync(file, 'utf8').trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

/**
 * Starts the bridge from its jar with the demo profile (embedded PostgreSQL, built-in Home
 * Assistant simulator at /simulator/ha) on a fresh data directory and a free loopback port, and
 * resolves once GET /actuator/health/readiness answers UP. Console output goes to {@link BRIDGE_LOG_FILE}.
 */
export async function startBridge(adminPassword: string): Promise<BridgeState> {
  const jar = findBridgeJar();
  const port = await freePort();
  rmSync(BRIDGE_DATA_DIR, { recursive: true, force: true });
  mkdirSync(BRIDGE_DATA_DIR, { recursive: true });
  const args = [
    '-Xmx512m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '--enable-native-access=ALL-UNNAMED',
    '-jar',
    jar,
    '--spring.profiles.active=demo',
    `--server.port=${port}`,
    '--server.address=127.0.0.1',
    `--bridge.data-dir=${BRIDGE_DATA_DIR}`,
    // Fewer hash iterations than production, as the Java tests use: registrations and sign-ins stay fast.
    '--bridge.auth.password-hash-iterations=100000',
    '--bridge.logging.console-format=text',
  ];
  const staticDir = process.env.E2E_STATIC_DIR?.trim();
  if (staticDir) {
    const dir = path.resolve(staticDir);
    if (!existsSync(path.join(dir, 'index.html'))) {
      throw new Error(`E2E_STATIC_DIR=${staticDir} has no index.html (build the dashboard: cd ui && npm run build).`);
    }
    args.push(`--spring.web.resources.static-locations=file:${dir}/`);
  }
  const log = openSync(BRIDGE_LOG_FILE, 'w');
  const started = Date.now();
  const child = spawn(javaExecutable(), args, {
    cwd: path.dirname(BRIDGE_DATA_DIR),
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      BRIDGE_ADMIN_PASSWORD: adminPassword,
      // The built-in simulator's Home Assistant token, so tests can connect it as a user's house.
      BRIDGE_SIMULATOR_TOKEN: simulatorToken(),
      AXONIQ_UPDATE_CHECKER_DISABLED: 'true',
    },
  });
  closeSync(log);
  let exit: string | undefined;
  child.on('exit', (code, signal) => (exit = signal ? `was killed by ${signal}` : `exited with code ${code}`));
  child.on('error', (error) => (exit = `could not be started: ${error.message}`));
  const baseUrl = `http://127.0.0.1:${port}`;
  const state: BridgeState = { baseUrl, pid: child.pid, logFile: BRIDGE_LOG_FILE, dataDir: BRIDGE_DATA_DIR, jar };
  try {
    await waitUntilReady(baseUrl, () => exit);
  } catch (error) {
    if (child.pid !== undefined && exit === undefined) await stopProcess(child.pid, descendantsOf(child.pid));
    const tail = tailOfLog(BRIDGE_LOG_FILE);
    const hint = tail.includes('UnsupportedClassVersionError')
      ? `\nThe bridge needs Java 21 or newer, and ${javaExecutable()} is older: set JAVA_HOME to a JDK 21+.`
      : '';
    throw new Error(
      `${(error as Error).message}${hint}\nCommand: ${javaExecutable()} ${args.join(' ')}\n` +
        `Last 100 lines of ${BRIDGE_LOG_FILE}:\n${tail}`,
    );
  }
  child.unref();
  state.startupMillis = Date.now() - started;
  state.descendants = child.pid !== undefined ? descendantsOf(child.pid) : [];
  return state;
}

async function waitUntilReady(baseUrl: string, ended: () => string | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const why = ended();
    if (why) throw new Error(`The bridge ${why} before it was ready.`);
    try {
      const response = await fetch(`${baseUrl}/actuator/health/readiness`, { signal: AbortSignal.timeout(5_000) });
      const body = await response.text();
      if (response.ok && body.includes('"UP"')) return;
      last = `HTTP ${response.status} ${body.slice(0, 200)}`;
    } catch (error) {
      last = String((error as Error).cause ?? error);
    }
    // Polling is the only way to learn it is ready: the process announces nothing else.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The bridge was not ready within ${READY_TIMEOUT_MS / 1000} s (last answer: ${last}).`);
}

/** Every process below pid, children first seen first (from /proc; empty elsewhere). */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    let children: number[] = [];
    try {
      const taskDir = `/proc/${parent}/task`;
      for (const task of readdirSync(taskDir)) {
        const text = readFileSync(`${taskDir}/${task}/children`, 'utf8').trim();
        if (text) children.push(...text.split(/\s+/).map(Number));
      }
    } catch {
      children = [];
    }
    for (const child of children) {
      if (!found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/**
 * A bridge of this module or one of its processes: its command line names the bridge's data
 * directory (the JVM's --bridge.data-dir, PostgreSQL's -D). Without /proc, trusts the pid.
 */
function belongsToTheBridge(pid: number): boolean {
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(BRIDGE_DATA_DIR);
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForEnd(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pids.some(alive)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !pids.some(alive);
}

/**
 * SIGTERM (the bridge shuts down in order: HTTP, Axon, then its embedded PostgreSQL), and SIGKILL
 * for the bridge and whatever it left running when that takes longer than {@link STOP_GRACE_MS}.
 * Resolves with how it ended.
 */
export async function stopProcess(pid: number, descendants: number[] = []): Promise<'stopped' | 'killed' | 'gone'> {
  if (!alive(pid) || !belongsToTheBridge(pid)) return 'gone';
  // A recorded pid is only trusted while it still is the bridge's (a pid may be reused by now).
  const known = [...new Set([...descendants.filter(belongsToTheBridge), ...descendantsOf(pid)])];
  process.kill(pid, 'SIGTERM');
  if (await waitForEnd([pid, ...known], STOP_GRACE_MS)) return 'stopped';
  for (const victim of [pid, ...known.reverse()]) {
    try {
      process.kill(victim, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await waitForEnd([pid], 5_000);
  return 'killed';
}

let simulator: string | undefined;

/**
 * The token of the built-in Home Assistant simulator: E2E_SIMULATOR_TOKEN when given (a running
 * bridge's BRIDGE_SIMULATOR_TOKEN), else one made for this run.
 */
export function simulatorToken(): string {
  simulator ??= process.env.E2E_SIMULATOR_TOKEN?.trim() || `e2e-simulator-${randomBytes(9).toString('base64url')}`;
  return simulator;
}
