// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('untrusted text', () => {
  it('is never rendered as markup anywhere in the dashboard', () => {
    const offenders = files(fileURLToPath(new URL('../src/', import.meta.url))).filter((file) => readFileSync(file, 'utf8').includes('dangerouslySet' + 'InnerHTML'));
    expect(offenders).toEqual([]);
  });
});
