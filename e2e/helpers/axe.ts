import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export interface AxeOptions {
  /** CSS selectors to leave out (a third-party widget under review, ...). Default: none. */
  exclude?: string[];
  /** axe rule ids to leave out; say why where you call it. Default: none. */
  disableRules?: string[];
  /** Printed with the violations, e.g. "tokens page, dark". */
  label?: string;
}

/**
 * Runs axe-core (every rule it has, WCAG 2.x A/AA and best practices) on the page as it is now and
 * fails, printing each one with its elements, on any violation of impact serious or critical.
 * Minor and moderate ones are printed but do not fail. Answers the number of violations found.
 */
export async function expectNoSeriousViolations(page: Page, options: AxeOptions = {}): Promise<number> {
  let builder = new AxeBuilder({ page });
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  const label = options.label ?? page.url();
  const describe = (v: (typeof results.violations)[number]) =>
    `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
    v.nodes.map((node) => `    ${node.target.join(' ')}\n      ${(node.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n');
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lesser = results.violations.filter((v) => !serious.includes(v));
  if (lesser.length > 0) {
    console.log(`axe, ${label}: ${lesser.length} minor/moderate violation(s), not failing:\n${lesser.map(describe).join('\n')}`);
  }
  expect(
    serious.map((v) => `${v.impact} ${v.id}`),
    `axe found serious or critical violations on ${label}:\n${serious.map(describe).join('\n')}`,
  ).toEqual([]);
  // A page axe could not look at would pass trivially: it must at least have checked some rules.
  expect(results.passes.length, `axe checked nothing on ${label}`).toBeGreaterThan(0);
  return results.violations.length;
}
