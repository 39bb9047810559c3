// The shared "did you mean" helper: Damerau-Levenshtein (adjacent swaps count once) with a typo-sized threshold.
import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/model/closest.js';
import { renderMessage } from '../../src/model/diagnostic.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['next', 'next', 0],
    ['nxet', 'next', 1], // a swap is one edit
    ['discovry', 'discovery', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // the optimal-string-alignment form: no edits inside a swapped pair
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestMatch', () => {
  const steps = ['discovery', 'solution-scoping', 'solution-demos', 'close'];

  it.each([
    ['solution-scopng', 'solution-scoping'],
    ['soultion-demos', 'solution-demos'],
    ['Discovery', 'discovery'], // case alone is a typo too
    ['clsoe', 'close'],
    ['lose', 'close'], // one insertion
    ['solution', undefined], // 6 edits from solution-demos: over one per three characters
  ])('%s → %s', (word, expected) => {
    expect(closestMatch(word, steps)).toBe(expected);
  });

  it('prefers a candidate of the same length among equally near ones, then the first', () => {
    expect(closestMatch('lose', ['close', 'lost'])).toBe('lost');
    expect(closestMatch('ab', ['ac', 'ad'])).toBe('ac');
  });

  it('suggests nothing for a short word that is simply different, or for the word itself', () => {
    expect(closestMatch('it', ['ae', 'se'])).toBeUndefined();
    expect(closestMatch('x', ['y'])).toBeUndefined();
    expect(closestMatch('close', ['close'])).toBeUndefined();
    expect(closestMatch('anything', [])).toBeUndefined();
  });
});

describe('renderMessage', () => {
  const messages = { hello: 'step "{{step}}" sums to {{ sum }}', plain: 'no placeholders' };

  it('fills each placeholder from data, numbers included', () => {
    expect(renderMessage(messages, 'hello', { step: 'demo', sum: 0.9 })).toBe('step "demo" sums to 0.9');
    expect(renderMessage(messages, 'plain')).toBe('no placeholders');
  });

  it('throws on a message id or value the rule forgot (a bug in the rule, not in the file)', () => {
    expect(() => renderMessage(messages, 'nope')).toThrow('no message "nope"');
    expect(() => renderMessage(messages, 'hello', { step: 'demo' })).toThrow('needs a value for {{sum}}');
  });
});
