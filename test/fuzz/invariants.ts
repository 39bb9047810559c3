// What must hold for any input, however hostile, checked through the library API and through the built CLI.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatDot } from '../../src/format/dot.js';
import { DIFF_FORMATS, formatDiff } from '../../src/format/diff.js';
import { LINT_FORMATS } from '../../src/format/index.js';
import { formatMermaid } from '../../src/format/mermaid.js';
import {
  analysisJson,
  analyze,
  computeCapacity,
  computeSensitivity,
  diffProcesses,
  formatResults,
  lint,
  minimalPath,
  nextStep,
  renderReport,
  simulate,
  SpxError,
  type LintResult,
  type Process,
} from '../../src/index.js';
import { spx, tempDir } from '../cli/run-cli.js';
import type { Seed } from './corpus.js';
import { NIGHTLY } from './settings.js';

/** One input: the mutant's bytes and the seed it was made from (the old side of a diff). */
export interface FuzzCase {
  /** How the mutant was made, printed when it fails. */
  readonly label: string;
  readonly original: Seed;
  readonly bytes: Uint8Array;
}

/**
 * Longest one command's work may take on a file of up to 1 MiB: hostile input must not make spx hang. Checked in
 * `npm run fuzz` only: `npm test` keeps wall-clock limits out (a loaded CI machine would fail them). Larger files
 * (up to the 8 MiB load limit) get TIME_LIMIT_MS per MiB: parsing alone runs at about 1 s per MiB of YAML, so there
 * the promise is linear time, not 2 s (the file size and value limits in src/model/load.ts decide the worst case).
 */
export const TIME_LIMIT_MS = 2000;

/** The time budget of a command reading these files. */
export function timeLimit(...files: readonly Uint8Array[]): number {
  const mebibytes = files.reduce((sum, bytes) => sum + bytes.length, 0) / 1048576;
  return TIME_LIMIT_MS * Math.max(1, mebibytes);
}

const MUTANT = 'mutant.yaml';
const ORIGINAL = 'original.yaml';

/**
 * Lints the mutant (alone, as the CLI does, and next to its original with the original as its base, for the
 * cross-file and version rules), then — only when it lints without errors, as src/cli/valid-processes.ts
 * requires — analyses, simulates, diffs and draws it. Throws an Error listing every violation; says whether the
 * mutant got as far as the analyses. Time is checked per command: the work `spx lint`, `path`, `simulate`, `diff`
 * or `graph` would do on the files (each includes the lint that loads them).
 */
export function checkLibrary(fuzzCase: FuzzCase, seed: number): { readonly analysed: boolean } {
  const violations: string[] = [];
  const bytesBefore = fuzzCase.bytes.slice();
  const spent = { lint: 0, lintTogether: 0, path: 0, simulate: 0, graph: 0, diff: 0, report: 0 };
  const guard = <T>(what: string, run: () => T, command?: keyof typeof spent): T | undefined => {
    const started = performance.now();
    try {
      return run();
    } catch (error) {
      // SpxError is the library's documented way to refuse; E_INTERNAL is a crash wearing its clothes.
      if (!(error instanceof SpxError) || error.code === 'E_INTERNAL') violations.push(`${what} threw ${describeError(error)}`);
      return undefined;
    } finally {
      if (command) spent[command] += performance.now() - started;
    }
  };

  const alone = guard('lint', () => lint([{ file: MUTANT, contents: fuzzCase.bytes }]), 'lint');
  const result = alone?.[0];
  if (result) {
    violations.push(...diagnosticViolations(result, MUTANT, fuzzCase.bytes));
    for (const format of LINT_FORMATS) {
      guard(`formatResults ${format}`, () => formatResults(format, [result], { color: true, cwd: tmpdir(), version: '0.0.0' }), 'lint');
    }
  }
  const together = guard('lint with the original as sibling and base', () =>
    lint([
      { file: ORIGINAL, contents: fuzzCase.original.bytes },
      { file: MUTANT, contents: fuzzCase.bytes, base: fuzzCase.original.bytes },
    ]),
    'lintTogether',
  );
  if (together) {
    violations.push(...diagnosticViolations(together[0]!, ORIGINAL, fuzzCase.original.bytes));
    violations.push(...diagnosticViolations(together[1]!, MUTANT, fuzzCase.bytes));
  }

  const analysed = result !== undefined && result.errorCount === 0 && result.process !== undefined;
  if (analysed) {
    const process = result.process!;
    for (const by of ['steps', 'time'] as const) {
      const analysis = guard(`analyze by ${by}`, () => analyze(process, { by }), 'path');
      if (analysis) guard('analysisJson', () => JSON.stringify(analysisJson(MUTANT, analysis)), 'path');
    }
    for (const at of sampleSteps(process, seed)) {
      guard(`nextStep at ${JSON.stringify(at)}`, () => nextStep(process, { at, involved: [], completed: [] }, { by: 'time' }), 'path');
    }
    const simulation = guard('simulate', () => simulate(process, { deals: 200, seed }), 'simulate');
    if (simulation) {
      guard('JSON of the simulation', () => JSON.stringify(simulation), 'simulate');
      // The HTML report: whatever the file holds, the data block is the page's only script and parses back.
      const html = guard(
        'renderReport',
        () => renderReport({ processes: [{ file: MUTANT, sha256: '0'.repeat(64), process, analysis: analyze(process), simulation, diagnostics: result.diagnostics, sensitivity: { sensitivity: computeSensitivity(process), capacity: computeCapacity(process) } }], version: '0.0.0', generatedAt: new Date(0) }),
        'report',
      );
      if (html !== undefined) {
        if ((html.match(/<script/gi) ?? []).length !== 1 || (html.match(/<\/script/gi) ?? []).length !== 1) violations.push('the report has markup a string broke out of: more than its one script block');
        const data = /<script type="application\/json" id="spx-data">([^<]*)<\/script>/.exec(html);
        if (!data) violations.push('the report has no data block');
        else guard('JSON.parse of the report data block', () => JSON.parse(data[1]!), 'report');
        const nodes = (html.match(/<g class="node step/g) ?? []).length;
        if (nodes !== process.steps.size) violations.push(`the report's diagram has ${nodes} step nodes for ${process.steps.size} steps`);
      }
    }
    const path = guard('minimalPath', () => minimalPath(process, { by: 'steps' }), 'graph');
    const highlight = path?.kind === 'path' ? path : undefined;
    guard('formatMermaid', () => formatMermaid(process, highlight), 'graph');
    guard('formatDot', () => formatDot(process, highlight), 'graph');

    const original = validOriginal(fuzzCase.original);
    if (original) {
      const mutant = { process, parsed: result.parsed! };
      for (const [label, old, next] of [['original → mutant', original, mutant], ['mutant → original', mutant, original]] as const) {
        const diff = guard(`diffProcesses ${label}`, () => diffProcesses(old, next), 'diff');
        if (!diff) continue;
        for (const format of DIFF_FORMATS) {
          guard(`formatDiff ${format} ${label}`, () => formatDiff(format, { base: undefined, entries: [{ file: MUTANT, diff, process: next.process }] }, { color: true }), 'diff');
        }
      }
    }
  }

  const commands = {
    lint: [spent.lint, timeLimit(fuzzCase.bytes)],
    path: [spent.lint + spent.path, timeLimit(fuzzCase.bytes)],
    simulate: [spent.lint + spent.simulate, timeLimit(fuzzCase.bytes)],
    graph: [spent.lint + spent.graph, timeLimit(fuzzCase.bytes)],
    report: [spent.lint + spent.path + spent.simulate + spent.report, timeLimit(fuzzCase.bytes)],
    diff: [spent.lintTogether + spent.diff, timeLimit(fuzzCase.bytes, fuzzCase.original.bytes)],
  };
  for (const [command, [elapsed, limit]] of Object.entries(commands)) {
    if (NIGHTLY && elapsed! > limit!) violations.push(`the work of spx ${command} took ${Math.round(elapsed!)} ms (limit ${Math.round(limit!)} ms)`);
  }
  if (!sameBytes(bytesBefore, fuzzCase.bytes)) violations.push('the input bytes were modified');
  violations.push(...pollution());
  if (violations.length > 0) throw new Error(report(fuzzCase, [...new Set(violations)]));
  return { analysed };
}

/** The CLI commands run on each sampled case, in a temp dir holding original.yaml and mutant.yaml. */
const CLI_COMMANDS: readonly (readonly string[])[] = [
  ['lint', MUTANT],
  ['path', MUTANT],
  ['simulate', MUTANT, '--deals', '500', '--workers', '1'],
  ['diff', ORIGINAL, MUTANT],
  ['graph', MUTANT],
  ['report', MUTANT, '--deals', '500', '-o', 'report.html', '--force'],
];

/** Runs the built CLI on the case: exit codes, stderr shape, time, and files left byte-identical. */
export function checkCli(fuzzCase: FuzzCase): void {
  const violations: string[] = [];
  const dir = tempDir({ [ORIGINAL]: fuzzCase.original.bytes, [MUTANT]: fuzzCase.bytes });
  try {
    for (const args of CLI_COMMANDS) {
      const command = `spx ${args.join(' ')}`;
      const started = performance.now();
      const run = spx(args, { cwd: dir });
      const elapsed = performance.now() - started;
      const limit = args[0] === 'diff' ? timeLimit(fuzzCase.bytes, fuzzCase.original.bytes) : timeLimit(fuzzCase.bytes);
      if (NIGHTLY && elapsed > limit) violations.push(`${command} took ${Math.round(elapsed)} ms (limit ${Math.round(limit)} ms)`);
      if (run.code === null || ![0, 1, 2].includes(run.code)) violations.push(`${command} exited with ${run.code}: ${run.stderr.slice(0, 500)}`);
      if (/^\s+at .+(:\d+:\d+\)?|\(native\))$/m.test(run.stderr)) violations.push(`${command} printed a stack trace: ${run.stderr.slice(0, 1500)}`);
      if (/^\(node:\d+\)/m.test(run.stderr)) violations.push(`${command} let Node print a warning: ${run.stderr.slice(0, 1500)}`);
      if (run.code === 2) violations.push(...fatalStderrViolations(command, run.stderr));
    }
    for (const [name, expected] of [[ORIGINAL, fuzzCase.original.bytes], [MUTANT, fuzzCase.bytes]] as const) {
      if (!sameBytes(new Uint8Array(readFileSync(join(dir, name))), expected)) violations.push(`${name} was modified`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (violations.length > 0) throw new Error(report(fuzzCase, violations));
}

/**
 * Exit 2 ends with one line `spx: <message> [E_CODE]`; only E_INVALID_PROCESS prints the lint findings before
 * it (the reason the process was refused), every other fatal error is that one line alone.
 */
function fatalStderrViolations(command: string, stderr: string): string[] {
  const lines = stderr.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const match = /^spx: .+ \[(E_[A-Z_]+)\]$/.exec(last);
  if (!match) return [`${command} exited 2 without a final "spx: … [E_CODE]" line: ${JSON.stringify(stderr.slice(-500))}`];
  if (match[1] === 'E_INTERNAL') return [`${command} failed internally: ${last}`];
  if (match[1] !== 'E_INVALID_PROCESS' && lines.length !== 1) return [`${command} printed more than one line for ${match[1]}: ${JSON.stringify(stderr.slice(0, 500))}`];
  return [];
}

/** Every diagnostic has a rule id, names its file, and points inside the file's text. */
export function diagnosticViolations(result: LintResult, file: string, bytes: Uint8Array): string[] {
  const found: string[] = [];
  if (result.file !== file) found.push(`result for ${JSON.stringify(result.file)}, expected ${file}`);
  const lines = linesOf(bytes);
  const inside = (line: number, column: number) =>
    Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= lines.length && column >= 1 && column <= lines[line - 1]!.length + 1;
  for (const d of result.diagnostics) {
    const where = `${d.ruleId}@${d.line}:${d.column}-${d.endLine}:${d.endColumn} "${d.message.slice(0, 200)}"`;
    if (typeof d.ruleId !== 'string' || d.ruleId === '') found.push(`diagnostic without a rule id: ${where}`);
    if (d.file !== file) found.push(`diagnostic names file ${JSON.stringify(d.file)}, expected ${file}: ${where}`);
    if (d.severity !== 'error' && d.severity !== 'warning') found.push(`diagnostic severity ${String(d.severity)}: ${where}`);
    if (typeof d.message !== 'string' || d.message.trim() === '') found.push(`diagnostic without a message: ${where}`);
    if (!inside(d.line, d.column)) found.push(`diagnostic starts outside the file (${lines.length} lines): ${where}`);
    if (!inside(d.endLine, d.endColumn)) found.push(`diagnostic ends outside the file (${lines.length} lines): ${where}`);
    if (d.endLine < d.line || (d.endLine === d.line && d.endColumn < d.column)) found.push(`diagnostic ends before it starts: ${where}`);
  }
  return found;
}

/**
 * The file's lines as a reader counts them: the text (a BOM is not part of it; bytes that are not UTF-8 count as
 * one character each) split at \n, so a trailing newline opens one last, empty line.
 */
function linesOf(bytes: Uint8Array): string[] {
  return new TextDecoder('utf-8').decode(bytes).split('\n');
}

const originals = new Map<string, { process: Process; parsed: NonNullable<LintResult['parsed']> } | null>();

/** The seed as a diff side, when it lints without errors (the examples/broken*.yaml seeds do not). */
function validOriginal(seed: Seed) {
  if (!originals.has(seed.name)) {
    const [result] = lint([{ file: ORIGINAL, contents: seed.bytes }]);
    originals.set(seed.name, result!.errorCount === 0 && result!.process ? { process: result!.process, parsed: result!.parsed! } : null);
  }
  return originals.get(seed.name) ?? undefined;
}

/** First, last and one more step chosen by the seed: enough to reach every code path of nextStep cheaply. */
function sampleSteps(process: Process, seed: number): string[] {
  const ids = [...process.steps.keys()];
  return [...new Set([ids[0], ids[ids.length - 1], ids[seed % ids.length]])].filter((id): id is string => id !== undefined);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** `__proto__` / `constructor` keys must stay data: nothing may appear on the shared prototypes. */
function pollution(): string[] {
  const probes: [string, object][] = [['Object.prototype', Object.prototype], ['Array.prototype', Array.prototype], ['Function.prototype', Function.prototype]];
  return probes.flatMap(([name, proto]) => ('polluted' in proto ? [`${name} was polluted`] : []));
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6).join('\n');
  return `${error.name}${error instanceof SpxError ? ` ${error.code}` : ''}: ${error.message.slice(0, 500)}\n${frames}`;
}

/** The violations, how the case was made, and where its bytes were saved (to pin as a regression). */
function report(fuzzCase: FuzzCase, violations: readonly string[]): string {
  const hash = createHash('sha256').update(fuzzCase.bytes).digest('hex').slice(0, 12);
  const directory = join(tmpdir(), 'spx-fuzz-failures');
  mkdirSync(directory, { recursive: true });
  const saved = join(directory, `${hash}.yaml`);
  writeFileSync(saved, fuzzCase.bytes);
  return [
    `${violations.length} invariant violation(s):`,
    ...violations.map((v) => `  - ${v}`),
    `case: ${fuzzCase.label}`,
    `original: ${fuzzCase.original.name}`,
    `mutant saved to ${saved} (${fuzzCase.bytes.length} bytes)`,
  ].join('\n');
}
