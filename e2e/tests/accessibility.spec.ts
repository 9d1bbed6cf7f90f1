import { openApp } from '../helpers/app.ts';
import { expectNoSeriousViolations } from '../helpers/axe.ts';
import { test } from '../helpers/fixtures.ts';

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violation on the first page, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    await expectNoSeriousViolations(page, { label: `first page, ${scheme}` });
  });
}
