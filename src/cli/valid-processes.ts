/** Shared by the commands that analyse processes: load files, refuse any with lint errors, keep the models. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatResults } from '../format/index.js';
import { DEFAULT_CONFIG, findConfigFile, parseConfig, type LintConfig } from '../lint/config.js';
import { lint, type LintInput } from '../lint/engine.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { SpxError } from '../model/errors.js';
import type { ParsedFile } from '../model/load.js';
import type { Process } from '../model/types.js';
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

export interface ValidProcess {
  readonly file: string;
  readonly process: Process;
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
export function loadValidProcesses(paths: readonly string[], io: Io, config: LintConfig = loadConfig(io, {})): ValidSource[] {
  if (paths.length === 0) throw new SpxError('E_USAGE', 'name at least one process file');
  const { files } = selectFiles(paths, io.cwd, '', config.ignore);
  const [valid] = loadValidContents([{ inputs: files.map((file) => ({ file, contents: readProcessFile(file, io.cwd) })) }], io, config);
  return valid!;
}

/**
 * Like loadValidProcesses, for contents the caller has read (e.g. a file at a git revision): each group is linted
 * on its own (cross-file rules compare the files of one group), and any file with lint errors in any group is
 * fatal — every group's errors go to stderr first, then E_INVALID_PROCESS (exit 2). Returns the groups in order.
 */
export function loadValidContents(groups: readonly ContentsGroup[], io: Io, config: LintConfig): ValidSource[][] {
  const linted = groups.map((group) => lint(group.inputs, config));
  const invalid = linted.flatMap((results, index) => results.filter((r) => r.errorCount > 0 || !r.process).map((result) => ({ result, group: groups[index]! })));
  if (invalid.length > 0) {
    const shown = invalid.map(({ result }) => ({ ...result, diagnostics: result.diagnostics.filter((d) => d.severity === 'error') }));
    io.stderr(formatResults('stylish', shown, { color: false, cwd: io.cwd, version: io.version }));
    const fix = invalid[0]!.group.fix ?? 'fix the lint errors above first (spx lint)';
    throw new SpxError('E_INVALID_PROCESS', `${invalid.map(({ result }) => result.file).join(', ')}: ${fix}`);
  }
  return linted.map((results) => results.map((r) => ({ file: r.file, process: r.process!, parsed: r.parsed!, diagnostics: r.diagnostics })));
}
