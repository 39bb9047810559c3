// The junit format: exact XML, well-formed by a small parser, and messages that survive the escaping intact.
import { describe, expect, it } from 'vitest';
import { formatJunit } from '../../src/format/junit.js';
import type { LintResult } from '../../src/lint/engine.js';
import { RESULTS, TRICKY } from './results.js';

const EXPECTED = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="spx lint" tests="5" failures="4" errors="0">
  <testsuite name="processes/smb.yaml" tests="3" failures="3" errors="0">
    <testcase classname="processes/smb.yaml" name="unknown-reference at 9:7">
      <failure message="step &quot;demo&quot; goes to &quot;clsoe&quot;, which is not a step; fix the id" type="error">processes/smb.yaml:9:7 unknown-reference step &quot;demo&quot; goes to &quot;clsoe&quot;, which is not a step; fix the id</failure>
    </testcase>
    <testcase classname="processes/smb.yaml" name="unscheduled-next-step at 12:9">
      <failure message="step &quot;démo&quot;: 50% odds, then &lt;&amp;&gt; &apos;maybe&apos;&#10;add within: 3" type="warning">processes/smb.yaml:12:9 unscheduled-next-step step &quot;démo&quot;: 50% odds, then &lt;&amp;&gt; &apos;maybe&apos;
add within: 3</failure>
    </testcase>
    <testcase classname="processes/smb.yaml" name="probability-sum at 104:3">
      <failure message="odds of &quot;qualify&quot; sum to 0.9; make them sum to 1." type="error">processes/smb.yaml:104:3 probability-sum odds of &quot;qualify&quot; sum to 0.9; make them sum to 1.</failure>
    </testcase>
  </testsuite>
  <testsuite name="deals/über deal.yaml" tests="1" failures="1" errors="0">
    <testcase classname="deals/über deal.yaml" name="no-owner at 3:1">
      <failure message="step &quot;intro&quot; has no owner; add \`owner: &lt;role&gt;\`" type="warning">deals/über deal.yaml:3:1 no-owner step &quot;intro&quot; has no owner; add \`owner: &lt;role&gt;\`</failure>
    </testcase>
  </testsuite>
  <testsuite name="clean.yaml" tests="1" failures="0" errors="0">
    <testcase classname="clean.yaml" name="spx lint"/>
  </testsuite>
</testsuites>
`;

interface Element {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  text: string;
}

/**
 * A deliberately small XML 1.0 checker for what the formatter emits (a prolog, elements, attributes in double
 * quotes, character data): tags balance, one root, entities are known, no illegal characters. Returns every
 * element with its decoded attributes and text so the tests can read values back.
 */
function parseXml(xml: string): Element[] {
  expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  const prolog = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(xml);
  expect(prolog, 'XML declaration').not.toBeNull();
  const token = /<\/([A-Za-z_][\w.-]*)>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const elements: Element[] = [];
  const open: Element[] = [];
  let roots = 0;
  token.lastIndex = prolog![0].length;
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const match = token.exec(xml);
    if (!match) throw new Error(`not well-formed at offset ${at}: ${JSON.stringify(xml.slice(at, at + 40))}`);
    const [, closing, name, attributeText, selfClosing, text] = match;
    if (closing !== undefined) {
      expect(open.pop()?.name, `</${closing}> at ${at}`).toBe(closing);
    } else if (name !== undefined) {
      if (open.length === 0) roots += 1;
      const attributes: Record<string, string> = {};
      for (const [, key, value] of attributeText!.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        expect(attributes, `duplicate attribute ${key}`).not.toHaveProperty(key!);
        attributes[key!] = decode(value!);
      }
      const element: Element = { name, attributes, text: '' };
      elements.push(element);
      if (!selfClosing) open.push(element);
    } else {
      if (open.length === 0) expect(text!.trim(), 'text outside the root').toBe('');
      else open[open.length - 1]!.text += decode(text!);
    }
  }
  expect(open.map((e) => e.name), 'unclosed elements').toEqual([]);
  expect(roots).toBe(1);
  return elements;
}

function decode(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  expect(value, 'a bare & or an unknown entity').not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/);
  return value.replace(/&(#x[\da-fA-F]+|#\d+|\w+);/g, (_, entity: string) =>
    entity.startsWith('#x') ? String.fromCodePoint(parseInt(entity.slice(2), 16)) : entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : named[entity]!,
  );
}

function single(message: string, file = 'a.yaml'): LintResult {
  return {
    file,
    diagnostics: [{ file, ruleId: 'no-owner', severity: 'error', message, messageId: 'stepWithoutOwner', line: 1, column: 1, endLine: 1, endColumn: 2 }],
    errorCount: 1,
    warningCount: 0,
    process: undefined,
  };
}

describe('the test’s XML checker', () => {
  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['a bare ampersand', '<a>x & y</a>'],
    ['an unknown entity', '<a b="&nbsp;"/>'],
    ['a raw < in an attribute', '<a b="<"/>'],
    ['two roots', '<a/><b/>'],
    ['an unquoted attribute', '<a b=1/>'],
    ['a control character', '<a>\u0001</a>'],
  ])('rejects %s', (_, body) => {
    expect(() => parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`)).toThrow();
  });
});

describe('junit', () => {
  it('prints a suite per file, a failing case per finding and a passing case per clean file', () => {
    expect(formatJunit(RESULTS)).toBe(EXPECTED);
  });

  it('is well-formed, and every message reads back exactly', () => {
    const elements = parseXml(formatJunit(RESULTS));
    const failures = elements.filter((e) => e.name === 'failure');
    expect(failures.map((f) => f.attributes['message'])).toEqual(RESULTS.flatMap((r) => r.diagnostics.map((d) => d.message)));
    expect(failures[1]!.attributes['message']).toBe(TRICKY);
    expect(failures[1]!.text).toBe(`processes/smb.yaml:12:9 unscheduled-next-step ${TRICKY}`);
    expect(elements.filter((e) => e.name === 'testsuite').map((s) => s.attributes['name'])).toEqual(RESULTS.map((r) => r.file));
  });

  it('counts tests and failures at both levels', () => {
    const [root, ...rest] = parseXml(formatJunit(RESULTS));
    expect(root!.attributes).toEqual({ name: 'spx lint', tests: '5', failures: '4', errors: '0' });
    const suites = rest.filter((e) => e.name === 'testsuite');
    expect(suites.map((s) => [s.attributes['tests'], s.attributes['failures']])).toEqual([['3', '3'], ['1', '1'], ['1', '0']]);
  });

  it('prints an empty root element when nothing was linted', () => {
    const xml = formatJunit([]);
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="spx lint" tests="0" failures="0" errors="0">\n</testsuites>\n');
    parseXml(xml);
  });

  it('drops characters XML 1.0 forbids and keeps tabs and line breaks in attributes', () => {
    const xml = formatJunit([single('a\u0000b\u001b[31mc\uFFFEd\uD800e\u{1F680}\tf\r\ng', 'x\u0007.yaml')]);
    const failure = parseXml(xml).find((e) => e.name === 'failure')!;
    expect(failure.attributes['message']).toBe('ab[31mcde\u{1F680}\tf\r\ng');
    expect(xml).toContain('message="ab[31mcde\u{1F680}&#9;f&#13;&#10;g"');
    expect(xml).toContain('classname="x.yaml"');
    expect(failure.text).toBe('x.yaml:1:1 no-owner ab[31mcde\u{1F680}\tf\r\ng');
    expect(xml).toContain('cde\u{1F680}\tf&#13;\ng</failure>');
  });

  it('keeps markup in messages as text', () => {
    const hostile = ']]></failure><x a="1"/><!-- &amp; -->';
    const failure = parseXml(formatJunit([single(hostile)])).find((e) => e.name === 'failure')!;
    expect(failure.attributes['message']).toBe(hostile);
    expect(failure.text).toBe(`a.yaml:1:1 no-owner ${hostile}`);
  });
});
