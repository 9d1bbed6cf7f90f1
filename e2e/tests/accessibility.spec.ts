import { openApp } from '../helpers/app.ts';
import { expectNoSeriousViolations } from '../helpers/axe.ts';
import { expect, test } from '../helpers/fixtures.ts';

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violation on the first page, ${scheme}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page);
    await expectNoSeriousViolations(page, { label: `first page, ${scheme}` });
  });
}

test('the axe helper fails on a serious violation and names it', async ({ page }) => {
  // The control for the tests above: a button nobody can name must make the helper fail.
  await openApp(page);
  await page.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'e2e-unnamed-button';
    document.querySelector('#root')!.append(button);
  });
  await expect(expectNoSeriousViolations(page, { label: 'control' })).rejects.toThrow(/button-name[\s\S]*#e2e-unnamed-button/);
});
