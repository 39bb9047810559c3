/** JUnit XML for CI dashboards: a test suite per file, a failing test case per finding, a passing one per clean file. */
import type { LintResult } from '../lint/engine.js';

/**
 * Every finding is a `<failure>` (its `type` says error or warning); `errors` stays 0 because JUnit
 * keeps that count for tests that crashed, and no lint check crashes without spx stopping altogether.
 */
export function formatJunit(results: readonly LintResult[]): string {
  const suites = results.map((result) => {
    const file = attribute(result.file);
    const cases =
      result.diagnostics.length === 0
        ? [`    <testcase classname="${file}" name="spx lint"/>`]
        : result.diagnostics.map((d) =>
            [
              `    <testcase classname="${file}" name="${attribute(`${d.ruleId} at ${d.line}:${d.column}`)}">`,
              `      <failure message="${attribute(d.message)}" type="${d.severity}">${text(`${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`)}</failure>`,
              '    </testcase>',
            ].join('\n'),
          );
    const failures = result.diagnostics.length;
    return [
      `  <testsuite name="${file}" tests="${cases.length}" failures="${failures}" errors="0">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const tests = results.reduce((n, r) => n + Math.max(1, r.diagnostics.length), 0);
  const failures = results.reduce((n, r) => n + r.diagnostics.length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="spx lint" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

// XML 1.0 allows tab, LF, CR and these ranges; anything else (other control characters, lone surrogates,
// U+FFFE/U+FFFF) makes the whole report unparseable, so it is dropped.
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes character data; a CR becomes a reference, or parsers would fold CR LF into LF. */
export function text(value: string): string {
  return value
    .replace(ILLEGAL_XML, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
    .replace(/\r/g, '&#13;');
}

/** Escapes an attribute value; tabs and line breaks become references, or parsers fold them into spaces. */
export function attribute(value: string): string {
  return text(value).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
