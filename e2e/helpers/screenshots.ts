import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { SCREENSHOT_DIR } from '../harness/paths.ts';

export type ColorScheme = 'light' | 'dark';
export type Device = 'desktop' | 'phone';

export const VIEWPORTS: Record<Device, { width: number; height: number }> = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

export const VARIANTS: { scheme: ColorScheme; device: Device }[] = [
  { scheme: 'light', device: 'desktop' },
  { scheme: 'dark', device: 'desktop' },
  { scheme: 'light', device: 'phone' },
  { scheme: 'dark', device: 'phone' },
];

/** Sets the page's viewport and prefers-color-scheme (the page re-renders; reload if it reads them once). */
export async function useVariant(page: Page, scheme: ColorScheme, device: Device): Promise<void> {
  await page.setViewportSize(VIEWPORTS[device]);
  await page.emulateMedia({ colorScheme: scheme });
}

/**
 * Writes target/screenshots/<name>-<scheme>-<device>.png of the whole page as it is now, after
 * switching to that variant and letting fonts load. Answers the file's path.
 */
export async function screenshot(page: Page, name: string, scheme: ColorScheme, device: Device): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name "${name}": use a-z, 0-9 and -`);
  await useVariant(page, scheme, device);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const file = path.join(SCREENSHOT_DIR, `${name}-${scheme}-${device}.png`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}

/**
 * The four variants of one page: for each, switches the variant, runs `ready` (navigate, wait for
 * the content the picture must show) and writes the file. Answers the four paths.
 */
export async function screenshotAllVariants(page: Page, name: string, ready: (page: Page) => Promise<void>): Promise<string[]> {
  const files: string[] = [];
  for (const { scheme, device } of VARIANTS) {
    await useVariant(page, scheme, device);
    await ready(page);
    files.push(await screenshot(page, name, scheme, device));
  }
  return files;
}
