import { expect, type Page } from '@playwright/test';

/** Where the dashboard's React tree is mounted (ui/index.html). */
export const APP_ROOT = '#root';

/**
 * Opens a page of the dashboard and waits until it has rendered something and the document has
 * loaded. (Not "network idle": the dashboard keeps a live event stream open.)
 */
export async function openApp(page: Page, path = '/'): Promise<void> {
  const response = await page.goto(path, { waitUntil: 'load' });
  expect(response?.status(), `GET ${path}`).toBe(200);
  await expect(page.locator(APP_ROOT)).not.toBeEmpty();
}

/** Everything the page keeps in Web Storage (localStorage and sessionStorage) of its origin. */
export async function webStorage(page: Page): Promise<{ localStorage: Record<string, string>; sessionStorage: Record<string, string> }> {
  return page.evaluate(() => {
    const dump = (storage: Storage) => {
      const entries: Record<string, string> = {};
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        entries[key] = storage.getItem(key) ?? '';
      }
      return entries;
    };
    return { localStorage: dump(window.localStorage), sessionStorage: dump(window.sessionStorage) };
  });
}
