import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { chromiumArgs, chromiumPath } from './harness/chromium.ts';
import { TARGET_DIR } from './harness/paths.ts';

/**
 * One worker and so one Chromium for the whole run, against one bridge the global set-up starts
 * (harness/global-setup.ts). The browser is the system's (CHROMIUM_PATH, else /usr/bin/chromium).
 */
export default defineConfig({
  testDir: './tests',
  outputDir: path.join(TARGET_DIR, 'playwright', 'results'),
  globalSetup: './harness/global-setup.ts',
  globalTeardown: './harness/global-teardown.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['junit', { outputFile: path.join(TARGET_DIR, 'playwright', 'junit.xml') }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs() },
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-US',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
