/** Shared by the commands that analyse processes: load files, refuse any with lint errors, keep the models. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  formatResults,
  DEFAULT_CONFIG,
  findConfigFile,
  parseConfig,
  lint,
  RULES,
  SpxError,
  type Diagnostic,
  type LintConfig,
  type LintInput,
  type ParsedFile,
  type Process,
  decodeText,
  applyScenario,
  type ScenarioChange,
  type ScenarioSetting,
} from '../index.js';
import { readProcessFile, readRegularFile, selectFiles } from './files.js';
import type { Io } from './io.js';

/** The config a command runs with: --config, else spx.config.yaml found upward, else the defaults. */
export function loadConfig(io: Io, options: { config?: string; configLookup?: boolean }): LintConfig {
  const file = options.config
    ? resolve(io.cwd, options.config)
    : options.configLookup === false
      ? undefined
      : findConfigFile(io.cwd, existsSync);
  if (!file) return DEFAULT_CONFIG;
  if (!existsSync(file)) throw new SpxError('E_CONFIG', `${options.config}: config file not found; check the --config path`);
  return parseConfig(options.config ?? file, readRegularFile(file, io.cwd, 'config file', 'E_CONFIG'));
}

/** The rules that look at one file at a time. */
const FILE_RULES = RULES.filter((rule) => rule.checkProject === undefined);

export interface ValidProcess {
  readonly file: string;
  readonly process: Process;
  /** What a `--set` scenario changed in this file (absent without one). */
  readonly scenario?: readonly ScenarioChange[];
}

/** A valid process with its parsed file (positions and plain data), for commands that report locations. */
export interface ValidSource extends ValidProcess {
  readonly parsed: ParsedFile;
  /** Its lint findings (warnings only: a file with errors is refused). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Contents the caller has read (from disk or git), linted together; `fix` ends the error line when one is invalid. */
export interface ContentsGroup {
  readonly inputs: readonly LintInput[];
  readonly fix?: string;
}

/**
 * Loads the named process files (paths, directories or globs). Analysing a process with lint errors
 * would print numbers that mean nothing, so any error is fatal: the findings go to stderr, exit 2.
 */
export function loadValidProcesses(paths: readonly string[], io: Io, config: LintConfig = loadConfig(io, {}), scenario: readonly ScenarioSetting[] = []): ValidSource[] {
  if (paths.length === 0) throw new SpxError('E_USAGE', 'name at least one process file');
  const { files } = selectFiles(paths, io.cwd, '', config.ignore);
  if (scenario.length === 0) {
    const [valid] = loadValidContents([{ inputs: files.map((file) => ({ file, contents: readProcessFile(file, io.cwd) })) }], io, config);
    return valid!;
  }
  // A what-if: the settings go into each file's YAML before it is validated; the file on disk is never touched.
  const applied = files.map((file) => {
    const bytes = readProcessFile(file, io.cwd);
    const decoded = decodeText(file, bytes);
    // Bytes that are not text stay as they are: loading them reports why.
    if ('diagnostic' in decoded) return { file, contents: bytes as Uint8Array | string, changes: [] };
    const { text, changes } = applyScenario(file, decoded.text, scenario);
    return { file, contents: text as Uint8Array | string, changes };
  });
  const fix = `with --set ${scenario.map((s) => s.text).join(' --set ')}, the process has the lint errors above; change the scenario`;
  const [valid] = loadValidContents([{ inputs: applied.map(({ file, contents }) => ({ file, contents })), fix }], io, config);
  return valid!.map((v, i) => ({ ...v, scenario: applied[i]!.changes }));
}

/**
 * Like loadValidProcesses, for contents the caller has read (e.g. a file at a git revision): any file with lint
 * errors in any group is fatal — every group's errors go to stderr first, then E_INVALID_PROCESS (exit 2). Returns
 * the groups in order. Only the rules about one file run: cross-file rules (two versions of one process side by
 * side, segments that overlap) are about a repository, and gate `spx lint`, not an analysis of each file.
 */
export function loadValidContents(groups: readonly ContentsGroup[], io: Io, config: LintConfig): ValidSource[][] {
  const linted = groups.map((group) => lint(group.inputs, config, FILE_RULES));
  const invalid = linted.flatMap((results, index) => results.filter((r) => r.errorCount > 0 || !r.process).map((result) => ({ result, group: groups[index]! })));
  if (invalid.length > 0) {
    const shown = invalid.map(({ result }) => ({ ...result, diagnostics: result.diagnostics.filter((d) => d.severity === 'error') }));
    io.stderr(formatResults('stylish', shown, { color: false, cwd: io.cwd, version: io.version }));
    const fix = invalid[0]!.group.fix ?? 'fix the lint errors above first (spx lint)';
    throw new SpxError('E_INVALID_PROCESS', `${invalid.map(({ result }) => result.file).join(', ')}: ${fix}`);
  }
  return linted.map((results) => results.map((r) => ({ file: r.file, process: r.process!, parsed: r.parsed!, diagnostics: r.diagnostics })));
}
