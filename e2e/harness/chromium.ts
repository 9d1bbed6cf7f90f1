import { accessSync, constants, statSync } from 'node:fs';

/** Debian's Chromium (`apt-get install chromium`); Playwright's own download cannot reach its host here. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The browser every test uses: CHROMIUM_PATH when set, else Debian's. Does not check it exists. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  return fromEnv ? fromEnv : DEFAULT_CHROMIUM;
}

/** Chromium refuses to start its sandbox as root; everywhere else the sandbox stays on. */
export function chromiumArgs(): string[] {
  return process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}

/** Throws, saying how to get a browser, unless {@link chromiumPath} is an executable file. */
export function requireChromium(): string {
  const executable = chromiumPath();
  const fromEnv = Boolean(process.env.CHROMIUM_PATH?.trim());
  let problem: string | undefined;
  try {
    if (!statSync(executable).isFile()) {
      problem = 'is not a file';
    } else {
      accessSync(executable, constants.X_OK);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not executable' : String(error);
  }
  if (problem) {
    throw new Error(
      `No browser for the end-to-end tests: ${executable} ${problem}` +
        (fromEnv ? ' (from CHROMIUM_PATH).' : '.') +
        '\n  Install Debian\'s Chromium:   apt-get install chromium   (gives /usr/bin/chromium; .ci/run does it when missing)' +
        '\n  or point CHROMIUM_PATH at a Chromium or Chrome executable: CHROMIUM_PATH=/path/to/chrome' +
        '\n  or leave the browser tests out: ./mvnw verify -De2e.skip=true',
    );
  }
  return executable;
}
