import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('untrusted text', () => {
  it('is never rendered as markup anywhere in the dashboard', () => {
    const offenders = files(resolve(__dirname, '..')).filter((file) => readFileSync(file, 'utf8').includes('dangerouslySet' + 'InnerHTML'));
    expect(offenders).toEqual([]);
  });
});
