// The fast YAML front end against the `yaml` library: the same data and the same located ranges, or it declines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { fastParseYaml } from '../../src/model/fast-yaml.js';
import { locate, parseYaml, type ParsedFile } from '../../src/model/load.js';
import type { DocPath } from '../../src/model/types.js';

const root = join(import.meta.dirname, '..', '..');

/** What the loader gave before the fast front end: `yaml`'s document and data, or its errors. */
function viaYaml(text: string) {
  const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false });
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return { document, lineCounter, errors: document.errors, data: document.errors.length ? undefined : document.toJS() };
}

/** Every path into `data`, and a few past its end (which locate answers with the deepest node). */
function pathsOf(data: unknown, path: DocPath = [], out: DocPath[] = []): DocPath[] {
  out.push(path);
  if (Array.isArray(data)) {
    data.forEach((item, i) => pathsOf(item, [...path, i], out));
    out.push([...path, data.length]);
  } else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) pathsOf(value, [...path, key], out);
    out.push([...path, 'missing'], [...path, 'missing', 'deeper']);
  }
  return out;
}

/** Asserts the fast front end declines `text` or agrees with `yaml` on it; true when it accepted. */
function agrees(text: string): boolean {
  const fast = fastParseYaml(text);
  if (!fast) return false;
  const reference = viaYaml(text);
  expect(reference.errors.map((e) => e.code), text).toEqual([]);
  expect(fast.data, text).toStrictEqual(reference.data);
  const parsed = parseYaml('f.yaml', text);
  expect(parsed.data).toStrictEqual(reference.data);
  // One comparison of every located range (an expect per path would dominate the run time).
  const where = (file: Pick<ParsedFile, 'document' | 'lineCounter'>) =>
    pathsOf(reference.data).flatMap((path) => (['value', 'key'] as const).map((target) => `${JSON.stringify(path)} ${target} ${JSON.stringify(locate(file, path, target))}`));
  expect(where(parsed).join('\n'), text).toBe(where(reference).join('\n'));
  return true;
}

// ----- Random process-like documents, written out in the many ways YAML allows. -----

type Tree = { kind: 'map'; entries: [string, Tree][] } | { kind: 'seq'; items: Tree[] } | { kind: 'scalar'; source: string };

const plainWords = ['discovery', 'demo', 'lost', 'won', 'ae', 'Pain and impact', 'a-b', 'x_y', 'v1.2.0', '2026-05-25', 'Null', 'null', '~', 'true', 'False', 'TRUE', 'yes', 'no', 'on'];
const numbers = ['0', '1', '-1', '+1', '007', '0.5', '.5', '1.', '-0', '1e3', '2.5E-2', '12345678901234567890', '0x1f', '0o17', '.inf', '-.Inf', '.nan', '1_000', '1,5'];
const odd = ['a#b', 'a #b', 'a: b', 'a:b', 'http://x.y/z', "it's", 'say "hi"', '-x', '- x', '?x', ':x', '[x]', '{x}', 'x]', 'x}', 'x,y', '&a', '*a', '!tag', '%x', '@x', '`x', '|', '>', 'é ü', '✓ 🙂', '\\', 'a\\b', 'a  b', ' x', 'x '];

const scalar = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...plainWords) },
  { weight: 2, arbitrary: fc.constantFrom(...numbers) },
  { weight: 2, arbitrary: fc.constantFrom(...odd) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constant('') },
);
const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('title', 'kind', 'owner', 'p', 'to', 'min', 'max', 'likely', 'next', 'steps', 'a b', 'x-y') }, { weight: 1, arbitrary: scalar });

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar.map((source): Tree => ({ kind: 'scalar', source })),
    fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((entries): Tree => ({ kind: 'map', entries })),
    fc.array(tie('tree'), { maxLength: 4 }).map((items): Tree => ({ kind: 'seq', items })),
  ),
})).tree;

/** Formatting choices, drawn per node from a stream of numbers. */
interface Style {
  next(): number;
}

function quote(source: string, style: Style): string {
  switch (style.next() % 4) {
    case 0:
      return `'${source.replace(/'/g, "''")}'`;
    case 1:
      return `"${source}"`;
    default:
      return source;
  }
}

function flowText(node: Tree, style: Style): string {
  if (node.kind === 'scalar') return quote(node.source, style);
  const pad = style.next() % 3 === 0 ? '' : ' ';
  if (node.kind === 'seq') return `[${pad}${node.items.map((i) => flowText(i, style)).join(style.next() % 5 === 0 ? ',' : ', ')}${pad}]`;
  return `{${pad}${node.entries.map(([k, v]) => `${quote(k, style)}: ${flowText(v, style)}`).join(', ')}${pad}}`;
}

const comments = ['', '', '', ' # note', '  #: x', ' #'];

function trailing(style: Style): string {
  return comments[style.next() % comments.length]! + (style.next() % 9 === 0 ? ' ' : '');
}

function between(indent: string, style: Style): string {
  switch (style.next() % 12) {
    case 0:
      return '\n';
    case 1:
      return `${indent}# a comment\n`;
    case 2:
      return `# at column 0\n`;
    case 3:
      return `${indent}  # deeper\n`;
    default:
      return '';
  }
}

/** A value after `key:` or `- `: inline (scalar, flow, block scalar) or a nested block on the next lines. */
function valueText(node: Tree, indent: number, style: Style, inSeq: boolean): string {
  const step = [2, 2, 4, 1][style.next() % 4]!;
  const inner = ' '.repeat(indent + step);
  if (node.kind === 'scalar' || style.next() % 4 === 0) {
    if (node.kind === 'scalar' && style.next() % 7 === 0) {
      const header = ['>', '>-', '|', '|-'][style.next() % 4]!;
      const lines = node.source.split(' ');
      return ` ${header}\n${lines.map((l) => `${inner}${l}`).join('\n')}\n`;
    }
    const text = flowText(node, style);
    return text === '' ? `:${trailing(style)}\n`.slice(1) : ` ${text}${trailing(style)}\n`;
  }
  if (node.kind === 'map' && node.entries.length === 0) return ' {}\n';
  if (node.kind === 'seq' && node.items.length === 0) return ' []\n';
  if (inSeq && node.kind === 'map' && style.next() % 2 === 0) {
    // `- key: value` with the next keys under the first.
    const column = indent + 2;
    const body = blockText(node, column, style);
    return ` ${body.slice(column)}`;
  }
  return `${trailing(style)}\n${blockText(node, indent + step, style)}`;
}

function blockText(node: Tree, indent: number, style: Style): string {
  const pad = ' '.repeat(indent);
  if (node.kind === 'map') {
    return node.entries.map(([k, v]) => `${between(pad, style)}${pad}${quote(k, style)}:${valueText(v, indent, style, false)}`).join('');
  }
  if (node.kind === 'seq') {
    return node.items.map((item) => `${between(pad, style)}${pad}-${valueText(item, indent, style, true)}`).join('');
  }
  return `${pad}${node.source}\n`;
}

const document = fc
  .tuple(fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), fc.boolean())
  .map(([entries, numbersDrawn, finalNewline]) => {
    let n = 0;
    const style: Style = { next: () => numbersDrawn[n++ % numbersDrawn.length]! + n };
    const text = `${style.next() % 3 === 0 ? '# head\n\n' : ''}${blockText({ kind: 'map', entries }, 0, style)}`;
    return finalNewline ? text : text.replace(/\n$/, '');
  });

describe('fast YAML front end', () => {
  it('reads the bundled processes and the example files, with the same data and positions as yaml', () => {
    const files = [
      ...readdirSync(join(root, 'processes')).map((f) => join(root, 'processes', f)),
      ...readdirSync(join(root, 'test', 'fixtures'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(root, 'test', 'fixtures', f)),
    ];
    let accepted = 0;
    for (const file of files) if (agrees(readFileSync(file, 'utf8'))) accepted++;
    // Every bundled process is in the subset: it is what makes `spx lint` start fast.
    for (const name of readdirSync(join(root, 'processes'))) expect(fastParseYaml(readFileSync(join(root, 'processes', name), 'utf8')), name).toBeDefined();
    expect(accepted).toBeGreaterThan(files.length / 3);
  });

  it('random process-like documents: the same data and positions as yaml, or declined', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(document, (text) => {
        runs++;
        if (agrees(text)) accepted++;
      }),
      { numRuns: 1500 },
    );
    // Not a test that passes by declining everything (the generator means to reach past the subset too).
    expect(accepted).toBeGreaterThan(runs / 12);
  });

  it('mutated documents: one character changed, inserted or removed, and the answer is still yaml\'s or a decline', () => {
    const texts = readdirSync(join(root, 'processes')).map((name) => readFileSync(join(root, 'processes', name), 'utf8'));
    const chars = [' ', '\n', '#', ':', '-', '[', ']', '{', '}', ',', "'", '"', '>', '|', '&', '*', '!', '?', 'a', '0', '\t', '\r', '%'];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.nat(), fc.constantFrom(...chars), fc.constantFrom('replace', 'insert', 'remove'), (text, position, char, how) => {
        const at = position % text.length;
        const mutated = how === 'remove' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + char + text.slice(how === 'replace' ? at + 1 : at);
        agrees(mutated);
      }),
      { numRuns: 1000 },
    );
    // yaml parses each of the 1,000 whole files: ~7 s alone, several times that beside other suites on 2 cores.
  }, 120_000);

  it('declines what it does not handle', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '---\na: 1\n', 'a:\n- 1\n', 'a: b\n  c\n', 'a: 1\na: 2\n', '? a\n: 1\n', 'a:\tb\n', 'a: "x\\ny"\n', 'a: 0x1f\n', '- 1\n', 'a: [1,\n 2]\n']) {
      expect(fastParseYaml(text), text).toBeUndefined();
    }
  });

  it('a file the fast front end read still has its yaml document, built on demand', () => {
    const parsed: ParsedFile = parseYaml('f.yaml', 'a: { b: 1, c }\n'.replace(', c', ''));
    expect(parsed.document?.getIn(['a', 'b'])).toBe(1);
  });
});
