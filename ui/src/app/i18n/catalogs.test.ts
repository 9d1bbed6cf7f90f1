import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`),
  );
}

describe('catalogs', () => {
  it('French has exactly the English keys', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
  });

  it('no string is left empty in either language', () => {
    const empty = (tree: object) => keys(tree).filter((k) => k.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) === '');
    expect(empty(en)).toEqual([]);
    expect(empty(fr)).toEqual([]);
  });
});
