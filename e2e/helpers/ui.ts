import { expect, type Page } from '@playwright/test';
import type { UserCredentials } from './api.ts';
import { openApp } from './app.ts';

/** Signs in through the dashboard's own form and waits for its navigation. */
export async function signInThroughUi(page: Page, user: UserCredentials): Promise<void> {
  await openApp(page, '/sign-in');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel(/^Password/).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
}

/** Follows a link of the main navigation (through the burger menu on a phone). */
export async function goTo(page: Page, link: string): Promise<void> {
  const burger = page.getByRole('button', { name: 'Open navigation' });
  if (await burger.isVisible()) await burger.click();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: link }).click();
}
