import { statSync } from 'node:fs';
import { openApp } from '../helpers/app.ts';
import { screenshotAllVariants } from '../helpers/screenshots.ts';
import { expect, test } from '../helpers/fixtures.ts';

test('screenshots of the first page: light and dark, desktop and phone', async ({ page }) => {
  const files = await screenshotAllVariants(page, 'first-page', (p) => openApp(p));
  expect(files.map((file) => file.replace(/.*\//, ''))).toEqual([
    'first-page-light-desktop.png',
    'first-page-dark-desktop.png',
    'first-page-light-phone.png',
    'first-page-dark-phone.png',
  ]);
  for (const file of files) expect(statSync(file).size, file).toBeGreaterThan(1000);
});
