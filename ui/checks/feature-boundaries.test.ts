// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// bulletproof-react's rule without a linter: a feature never imports another feature, and
// nothing outside src/app imports a feature's internals except src/app itself.
const root = fileURLToPath(new URL('../src/features/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('feature boundaries', () => {
  it('no feature imports another feature', () => {
    const offences: string[] = [];
    files(root).forEach((file) => {
      const own = relative(root, file).split(sep)[0];
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(root, resolve(join(file, '..'), match[1] ?? ''));
        const feature = target.split(sep)[0];
        if (!target.startsWith('..') && feature !== own) offences.push(`${relative(root, file)} -> ${match[1]}`);
      }
    });
    expect(offences).toEqual([]);
  });
});
