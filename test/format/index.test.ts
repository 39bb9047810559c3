// formatResults: one entry point that dispatches to each format with the options it needs.
import { describe, expect, it } from 'vitest';
import { formatGithub } from '../../src/format/github.js';
import { formatResults, LINT_FORMATS, type LintFormat } from '../../src/format/index.js';
import { formatJson } from '../../src/format/json.js';
import { formatJunit } from '../../src/format/junit.js';
import { formatSarif } from '../../src/format/sarif.js';
import { formatStylish } from '../../src/format/stylish.js';
import { SpxError } from '../../src/model/errors.js';
import { CWD, RESULTS } from './results.js';

const OPTIONS = { color: false, cwd: CWD, version: '9.9.9' };

describe('formatResults', () => {
  it('offers the five lint formats', () => {
    expect(LINT_FORMATS).toEqual(['stylish', 'json', 'sarif', 'github', 'junit']);
  });

  it.each([
    ['stylish', formatStylish(RESULTS, OPTIONS)],
    ['json', formatJson(RESULTS, OPTIONS)],
    ['sarif', formatSarif(RESULTS, OPTIONS)],
    ['github', formatGithub(RESULTS)],
    ['junit', formatJunit(RESULTS)],
  ] as const)('renders %s', (format, expected) => {
    expect(formatResults(format, RESULTS, OPTIONS)).toBe(expected);
  });

  it('passes colour and version through', () => {
    expect(formatResults('stylish', RESULTS, { ...OPTIONS, color: true })).toContain('\u001b[');
    expect(JSON.parse(formatResults('sarif', RESULTS, OPTIONS)).runs[0].tool.driver.version).toBe('9.9.9');
  });

  it('refuses an unknown format from JavaScript callers with a usage error', () => {
    expect(() => formatResults('xml' as LintFormat, RESULTS, OPTIONS)).toThrow(SpxError);
    expect(() => formatResults('xml' as LintFormat, RESULTS, OPTIONS)).toThrow(/unknown format "xml"; use one of stylish, json, sarif, github, junit/);
  });
});
