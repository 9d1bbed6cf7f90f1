import { expect, type Page } from '@playwright/test';

export interface CspViolation {
  violatedDirective: string;
  effectiveDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
  sample: string;
}

/** What went wrong in a page while it was watched. */
export interface PageProblems {
  /** console.error messages (Chromium also reports refused resources here). */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
  /** securitypolicyviolation events: what the Content-Security-Policy refused. */
  cspViolations: CspViolation[];
  /**
   * Fails the test, listing everything, unless all three lists are empty. `allow` names failed
   * requests that are expected (Chromium logs every 4xx/5xx resource as a console error), e.g.
   * `[{ url: /\/auth\/refresh$/, status: 401 }]` for a session probe without a cookie.
   */
  expectNone(options?: { allow?: ExpectedFailedRequest[] }): void;
}

/** A request whose failure is part of the page's normal work. */
export interface ExpectedFailedRequest {
  url: RegExp;
  status: number;
}

interface ConsoleError {
  text: string;
  url: string;
}

/**
 * Starts collecting console errors, uncaught errors and CSP violations of `page` (and its frames);
 * call it before the first navigation.
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  const raw: ConsoleError[] = [];
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    cspViolations: [],
    expectNone(options = {}) {
      const allowed = (error: ConsoleError) =>
        (options.allow ?? []).some(
          (expected) =>
            expected.url.test(error.url) && new RegExp(`status of ${expected.status}\\b`).test(error.text),
        );
      const report = [
        ...raw.filter((error) => !allowed(error)).map((error) => `console error: ${error.text} (${error.url})`),
        ...problems.pageErrors.map((text) => `uncaught: ${text}`),
        ...problems.cspViolations.map((v) => `CSP violation: ${JSON.stringify(v)}`),
      ];
      expect(report, `the page reported problems:\n${report.join('\n')}`).toEqual([]);
    },
  };
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location();
      raw.push({ text: message.text(), url: where.url });
      problems.consoleErrors.push(`${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.pageErrors.push(`${error.name}: ${error.message}`));
  await page.exposeBinding('__e2eCspViolation', (_source, violation: CspViolation) => {
    problems.cspViolations.push(violation);
  });
  // An init script is injected by the browser itself, so the policy it watches does not block it.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __e2eCspViolation?: (v: unknown) => void }).__e2eCspViolation;
      report?.({
        violatedDirective: event.violatedDirective,
        effectiveDirective: event.effectiveDirective,
        blockedURI: event.blockedURI,
        sourceFile: event.sourceFile,
        lineNumber: event.lineNumber,
        sample: event.sample,
      });
    });
  });
  return problems;
}
