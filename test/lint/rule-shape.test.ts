// Every rule carries its wording in meta.messages (ESLint's shape) and its options in meta.optionsSchema.
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/lint/rules/index.js';
import { findUnknownReferences } from '../../src/lint/rules/unknown-reference.js';
import { loadProcess } from '../../src/model/process-file.js';
import { BASE } from './rule-tester.js';

describe('rule shape', () => {
  for (const rule of RULES) {
    it(`${rule.id}: camelCase message ids with one-line templates; options declared with their defaults`, () => {
      const ids = Object.keys(rule.meta.messages);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) {
        expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        expect(rule.meta.messages[id]).not.toContain('\n');
      }
      expect(Object.keys(rule.meta.defaultOptions ?? {}).sort()).toEqual(Object.keys(rule.meta.optionsSchema ?? {}).sort());
    });
  }
});

describe('findUnknownReferences', () => {
  it('suggests for the first 20 unknown ids of a file only (each suggestion compares with every id)', () => {
    const transitions = Array.from({ length: 25 }, () => '{ to: clsoe, p: 0.04 }').join(', ');
    const yaml = BASE.replace(/ {4}next:\n {6}- \{ to: close, p: 0\.6, within: 2 \}\n {6}- \{ to: lost, p: 0\.4, reason: no-fit \}/, `    next: [${transitions}]`);
    const found = findUnknownReferences(loadProcess('t.yaml', yaml).process!);
    expect(found).toHaveLength(25);
    expect(found.filter((r) => r.suggestion === 'close')).toHaveLength(20);
    expect(found.slice(20).every((r) => r.suggestion === undefined)).toBe(true);
  });
});
