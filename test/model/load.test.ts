// The loader's guarantees on hostile input: one clear diagnostic with rule id, line and column, never a throw.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { locate, parseYaml } from '../../src/model/load.js';
import { loadProcess } from '../../src/model/process-file.js';
import { BASE } from '../lint/rule-tester.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Loads bytes that must be refused with exactly one diagnostic, and returns it. */
function refused(bytes: Uint8Array | string): Diagnostic {
  const loaded = loadProcess('process.yaml', bytes);
  expect(loaded.process).toBeUndefined();
  expect(loaded.diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column} ${d.message}`)).toHaveLength(1);
  const diagnostic = loaded.diagnostics[0]!;
  expect(diagnostic.file).toBe('process.yaml');
  expect(diagnostic.severity).toBe('error');
  return diagnostic;
}

/** Rule id and position of a diagnostic, for one-line assertions. */
const at = (d: Diagnostic): string => `${d.ruleId} ${d.line}:${d.column}`;

describe('loadProcess: files that are not YAML text', () => {
  it('an empty file, or one of blank lines', () => {
    for (const text of ['', '\n\n   \n']) {
      const d = refused(utf8(text));
      expect(at(d)).toBe('yaml-syntax 1:1');
      expect(d.message).toBe('file is empty; a process needs apiVersion, kind, metadata, roles, start, steps and outcomes');
    }
  });

  it('a 20 MB file is refused by its size before it is parsed', () => {
    const d = refused(Buffer.alloc(20 * 1024 * 1024, 'a'));
    expect(at(d)).toBe('yaml-syntax 1:1');
    expect(d.message).toBe('file is larger than the 8 MiB limit; split the process or remove generated content');
  });

  it('a 20 MB string handed to the library is refused by its size too', () => {
    expect(refused('a'.repeat(20 * 1024 * 1024)).message).toBe('file is larger than the 8 MiB limit; split the process or remove generated content');
  });

  it('more values than the parser can take in time: refused before parsing, at the line or comma past the budget', () => {
    const budget = 'file has more than 250,000 lines and commas (YAML values); split the process into smaller ones';
    // 600 KB of flow sequence: a few bytes a value, where the parser's time and memory go.
    const flow = refused(`apiVersion: spx/v1
x: [${Array(300_000).fill('1').join(',')}]
`);
    expect(flow.message).toBe(budget);
    // Line 1's newline is the first value, so the 250,000th comma on line 2 is the one past the budget.
    expect(at(flow)).toBe(`yaml-syntax 2:${'x: ['.length + 250_000 * 2}`);
    const lines = refused(`apiVersion: spx/v1
${'- 1\n'.repeat(300_000)}`);
    expect(at(lines)).toBe('yaml-syntax 250001:4');
    // Exactly at the budget is still parsed (and then fails on its merits).
    expect(loadProcess('p.yaml', `${'# c\n'.repeat(249_999)}a: 1\n`).diagnostics[0]!.ruleId).not.toBe('yaml-syntax');
  });

  it('classic-Mac line endings (a lone CR): one diagnostic at the first, not a file read as one long line', () => {
    const d = refused(utf8('apiVersion: spx/v1\r\nkind: SalesProcess\rmetadata: {}\r'));
    expect(at(d)).toBe('yaml-syntax 2:19');
    expect(d.message).toBe('line break is a lone CR (classic Mac line endings); save the file with LF or CRLF line endings');
    expect(loadProcess('p.yaml', BASE.replaceAll('\n', '\r\n')).diagnostics).toEqual([]);
  });

  it('binary bytes: reported at the first NUL', () => {
    const d = refused(utf8('apiVersion: spx/v1\nki\0nd: SalesProcess\n'));
    expect(at(d)).toBe('yaml-syntax 2:3');
    expect(d.message).toBe('file contains NUL bytes: it is binary, not a YAML process');
  });

  it('bytes that are not UTF-8 (0xC3 0x28): reported at the bad byte', () => {
    const bytes = new Uint8Array([...utf8('apiVersion: spx/v1\nkind: SalesProcess\nmetadata: { name: demo, title: Caf'), 0xc3, 0x28, ...utf8(' }\n')]);
    const d = refused(bytes);
    expect(at(d)).toBe('yaml-syntax 3:35');
    expect(d.message).toBe('file is not valid UTF-8; save it as UTF-8');
  });

  it('valid multi-byte characters before a bad byte count as one column each; a cut character at the end is reported', () => {
    expect(at(refused(new Uint8Array([...utf8('title: Zoë – '), 0xff])))).toBe('yaml-syntax 1:14');
    expect(at(refused(new Uint8Array([...utf8('title: Zo'), 0xc3])))).toBe('yaml-syntax 1:10');
  });

  it('a UTF-8 byte-order mark is accepted, and columns on line 1 do not count it', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const loaded = loadProcess('process.yaml', new Uint8Array([...bom, ...utf8(BASE)]));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.process?.name).toBe('demo');
    const d = refused(new Uint8Array([...bom, ...utf8(BASE.replace('apiVersion: spx/v1', 'apiVersion: spx/v9'))]));
    expect(at(d)).toBe('schema 1:13');
  });

  it('a UTF-16 file (little-endian byte-order mark)', () => {
    const d = refused(new Uint8Array([0xff, 0xfe, ...Buffer.from(BASE, 'utf16le')]));
    expect(at(d)).toBe('yaml-syntax 1:1');
    expect(d.message).toBe('file is UTF-16; save it as UTF-8');
  });

  it('a UTF-16 file without a byte-order mark is UTF-16, not "binary" (its NUL bytes are half of each ASCII character)', () => {
    const be = Buffer.from(BASE, 'utf16le').swap16();
    for (const bytes of [Buffer.from(BASE, 'utf16le'), be]) {
      const d = refused(new Uint8Array(bytes));
      expect(at(d)).toBe('yaml-syntax 1:1');
      expect(d.message).toBe('file is UTF-16; save it as UTF-8');
    }
    // A NUL in UTF-8 text is still binary data.
    expect(refused(new Uint8Array([...utf8(BASE), 0])).message).toBe('file contains NUL bytes: it is binary, not a YAML process');
  });
});

describe('loadProcess: YAML that spx refuses', () => {
  it('a syntax error, at the exact position', () => {
    const d = refused(BASE.replace('    title: Discovery call and demo', '    title: Discovery: call and demo'));
    expect(at(d)).toBe('yaml-syntax 11:12');
    expect(d.message).toBe('Nested mappings are not allowed in compact mappings; fix the YAML syntax');
  });

  it('a duplicate key, at the duplicate', () => {
    const d = refused(BASE.replace('    owner: ae\n', '    owner: ae\n    owner: se\n'));
    expect(at(d)).toBe('yaml-syntax 14:5');
    expect(d.message).toBe('key "owner" appears twice in this map: each key may appear once; merge or rename the duplicates');
  });

  it('a billion-laughs alias bomb (9 levels of 9 aliases) is refused at its first alias, without expanding it', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let level = 1; level <= 9; level++) bomb += `a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(', ')}]\n`;
    const started = performance.now();
    const d = refused(utf8(bomb));
    // Expanding it would build 9^10 values (minutes and gigabytes): a generous bound still proves it was not.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(at(d)).toBe('yaml-syntax 2:10');
    expect(d.message).toBe('aliases expand to too many nodes (over 1000); write the values out instead of nesting aliases');
  });

  it('10,000-deep flow nesting: one depth diagnostic where it passes 64 levels, no stack overflow', () => {
    // `a:` is depth 1 and the n-th `[` (column 3 + n) is depth n + 1: depth 65 is the 64th, at column 67.
    const d = refused(utf8(`a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`));
    expect(at(d)).toBe('yaml-syntax 1:67');
    expect(d.message).toBe('nesting is deeper than 64 levels; flatten the structure');
  });

  it('10,000-deep flow maps at the top level', () => {
    expect(at(refused(utf8(`${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`)))).toBe('yaml-syntax 1:257');
  });

  it('200-deep block nesting: one depth diagnostic at the 65th level', () => {
    let text = '';
    for (let depth = 0; depth < 200; depth++) text += `${' '.repeat(depth)}k${depth}:\n`;
    const d = refused(utf8(text));
    expect(at(d)).toBe('yaml-syntax 65:65');
    expect(d.message).toBe('nesting is deeper than 64 levels; flatten the structure');
  });

  it('the tag !!js/function, at the tagged value', () => {
    const d = refused(BASE.replace('    kind: demo\n', `    kind: !!js/function "function () { return 'demo' }"\n`));
    expect(at(d)).toBe('yaml-syntax 12:25');
    expect(d.message).toBe('tag !!js/function is not allowed: spx files are plain YAML; remove the tag');
  });

  it('a local tag !foo', () => {
    const d = refused(BASE.replace('    kind: demo\n', '    kind: !foo demo\n'));
    expect(at(d)).toBe('yaml-syntax 12:16');
    expect(d.message).toBe('tag !foo is not allowed: spx files are plain YAML; remove the tag');
  });

  it('an alias to an anchor that does not exist', () => {
    const d = refused(BASE.replace('    with: [owner]\n    duration: 1\n    next', '    with: *buyers\n    duration: 1\n    next'));
    expect(at(d)).toBe('yaml-syntax 14:11');
    expect(d.message).toBe('alias *buyers has no anchor before it; define &buyers earlier or write the value out');
  });
});

describe('loadProcess: schema problems', () => {
  it('__proto__ at the top level is an unknown field, and pollutes nothing', () => {
    const d = refused(`${BASE}__proto__: { polluted: true }\n`);
    expect(at(d)).toBe('schema 33:1');
    expect(d.message).toMatch(/^unknown field "__proto__" in the top level; remove it or check its spelling$/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('__proto__ inside a step is an unknown field of the step, and the data keeps its prototype', () => {
    const text = BASE.replace('    title: Discovery call and demo\n', '    title: Discovery call and demo\n    __proto__: { polluted: true }\n');
    const d = refused(text);
    expect(at(d)).toBe('schema 12:5');
    expect(d.message).toBe('unknown field "__proto__" in steps.call; remove it or check its spelling');
    const data = parseYaml('process.yaml', text).data as { steps: { call: object } };
    expect(Object.getPrototypeOf(data.steps.call)).toBe(Object.prototype);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('an unknown field, at its key', () => {
    const d = refused(BASE.replace('    kind: demo\n', '    kind: demo\n    colour: red\n'));
    expect(at(d)).toBe('schema 13:5');
    expect(d.message).toBe('unknown field "colour" in steps.call; remove it or check its spelling');
  });

  it('a step id with spaces, at the key', () => {
    const d = refused(BASE.replace('start: call', 'start: first-call').replace('  call:\n', '  first call:\n'));
    expect(at(d)).toBe('schema 10:3');
    expect(d.message).toBe('"first call" in steps is not a valid id; use lowercase letters, digits and dashes (e.g. security-review)');
  });

  it('p: "high", a type error at the value', () => {
    const d = refused(BASE.replace('p: 0.6', 'p: "high"'));
    expect(at(d)).toBe('schema 17:25');
    expect(d.message).toBe('steps.call.next[0].p must be a number');
  });

  it('a version that is not semver', () => {
    const d = refused(BASE.replace('version: 1.0.0', 'version: 1.0.x'));
    expect(at(d)).toBe('schema 3:34');
    expect(d.message).toBe('metadata.version has the wrong form (Process version): expected a semver version such as 1.2.0');
  });

  it('apiVersion spx/v2 is refused with an upgrade message, before the schema', () => {
    const d = refused(BASE.replace('apiVersion: spx/v1', 'apiVersion: spx/v2').replace('    kind: demo\n', '    kind: demo\n    newInV2: true\n'));
    expect(at(d)).toBe('schema 1:13');
    expect(d.message).toBe('apiVersion spx/v2 is not supported: this spx reads spx/v1; upgrade spx');
  });

  it('apiVersion spx/v0 is refused with a migration message', () => {
    const d = refused(BASE.replace('apiVersion: spx/v1', 'apiVersion: spx/v0'));
    expect(at(d)).toBe('schema 1:13');
    expect(d.message).toBe('apiVersion spx/v0 is not supported: this spx reads spx/v1; migrate the file to spx/v1');
  });
});

describe('locate', () => {
  const parsed = parseYaml('process.yaml', BASE);
  const where = (located: ReturnType<typeof locate>) => `${located.range.line}:${located.range.column}${located.exact ? '' : ' (inexact)'}`;

  it('points at the value by default and at the key on request', () => {
    expect(where(locate(parsed, ['steps', 'call', 'owner']))).toBe('13:12');
    expect(where(locate(parsed, ['steps', 'call', 'owner'], 'key'))).toBe('13:5');
    expect(where(locate(parsed, ['steps', 'call'], 'key'))).toBe('10:3');
    expect(where(locate(parsed, ['steps', 'call']))).toBe('11:5');
  });

  it('gives the end of the node too', () => {
    expect(locate(parsed, ['steps', 'call', 'owner']).range).toEqual({ line: 13, column: 12, endLine: 13, endColumn: 14 });
  });

  it('follows array indices, in block and flow sequences', () => {
    expect(where(locate(parsed, ['steps', 'call', 'next', 1]))).toBe('18:9');
    expect(where(locate(parsed, ['steps', 'call', 'next', 1, 'to']))).toBe('18:15');
    expect(where(locate(parsed, ['steps', 'call', 'with', 0]))).toBe('14:12');
    expect(where(locate(parsed, ['steps', 'close', 'requires', 'involved', 0]))).toBe('24:28');
  });

  it('a path past the end returns the deepest node found, with exact = false', () => {
    expect(where(locate(parsed, ['steps', 'call', 'next', 5]))).toBe('17:7 (inexact)');
    expect(where(locate(parsed, ['steps', 'call', 'next', 5, 'to']))).toBe('17:7 (inexact)');
    expect(where(locate(parsed, ['steps', 'call', 'missing', 'deeper']))).toBe('11:5 (inexact)');
    expect(where(locate(parsed, ['steps', 'call', 'owner', 'x']))).toBe('13:12 (inexact)');
    expect(where(locate(parsed, ['steps', 'call', 'with', 'owner']))).toBe('14:11 (inexact)');
  });

  it('the empty path is the whole document; a document with no contents gives 1:1, inexact', () => {
    expect(where(locate(parsed, []))).toBe('1:1');
    expect(where(locate(parseYaml('empty.yaml', '# nothing here\n'), ['steps']))).toBe('1:1 (inexact)');
  });

  it('follows aliases to the anchored node', () => {
    const aliased = parseYaml('a.yaml', 'a: &x { b: 1 }\nc: *x\n');
    expect(where(locate(aliased, ['c', 'b']))).toBe('1:12');
  });
});
