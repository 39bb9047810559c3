// Semver classification: declared bumps (with the semver package), what suffices, and the suggested version.
import { describe, expect, it } from 'vitest';
import { bumpRank, bumpSuffices, declaredBump, maxBump, suggestedVersion, type DeclaredBump, type NeededBump } from '../../src/diff/bump.js';

describe('declaredBump', () => {
  it.each([
    ['1.0.0', '2.0.0', 'major'],
    ['1.4.2', '2.0.0', 'major'],
    ['1.0.0', '1.1.0', 'minor'],
    ['1.0.0', '1.0.1', 'patch'],
    ['1.0.0', '1.0.0', 'none'],
    ['1.0.0', '1.0.0+build.7', 'none'],
    ['1.2.0', '1.1.9', 'downgrade'],
    ['2.0.0', '1.9.9', 'downgrade'],
    ['1.0.0', '2.0.0-rc.1', 'major'],
    ['1.0.0', '1.1.0-beta.1', 'minor'],
    ['1.0.0', '1.0.1-alpha', 'patch'],
    ['1.1.0-rc.1', '1.1.0-rc.2', 'patch'],
    ['1.1.0-rc.1', '1.1.0', 'minor'],
    ['0.1.0', '0.2.0', 'minor'],
  ] as const)('%s → %s is %s', (before, after, expected) => {
    expect(declaredBump(before, after)).toBe(expected);
  });
});

describe('bumpSuffices', () => {
  const needed: NeededBump[] = ['none', 'patch', 'minor', 'major'];
  const declared: DeclaredBump[] = ['downgrade', 'none', 'patch', 'minor', 'major'];
  it('accepts a declared bump at least as big as the needed one, and never a downgrade', () => {
    const table = needed.map((n) => declared.map((d) => (bumpSuffices(n, d) ? '✓' : '✗')).join(' '));
    expect(table).toEqual([
      // downgrade none patch minor major
      '✗ ✓ ✓ ✓ ✓', // needs none
      '✗ ✗ ✓ ✓ ✓', // needs patch
      '✗ ✗ ✗ ✓ ✓', // needs minor
      '✗ ✗ ✗ ✗ ✓', // needs major
    ]);
  });
});

describe('maxBump and bumpRank', () => {
  it('orders none < patch < minor < major', () => {
    expect(['major', 'none', 'minor', 'patch'].map((b) => bumpRank(b as NeededBump))).toEqual([3, 0, 2, 1]);
    expect(maxBump([])).toBe('none');
    expect(maxBump(['patch', 'minor', 'patch'])).toBe('minor');
    expect(maxBump(['patch', 'major', 'minor'])).toBe('major');
  });
});

describe('suggestedVersion', () => {
  it('is the smallest version the needed bump allows', () => {
    expect(suggestedVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(suggestedVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(suggestedVersion('1.2.3', 'patch')).toBe('1.2.4');
    // After a downgrade with nothing changed: anything above the base.
    expect(suggestedVersion('1.2.3', 'none')).toBe('1.2.4');
  });
});
