/** `spx lint`: select files, read them and the config, lint, render, and decide the exit code. */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatResults, lint, SpxError, type LintFormat, type LintInput, type LintResult } from '../../index.js';
import { readProcessFile, selectFiles } from '../files.js';
import { openRepo, readAtRevision, repoPath, resolveRevision } from '../git.js';
import { chalkFor, terminalWidth, useColor, type Io } from '../io.js';
import { quantity } from '../numbers.js';
import { parseNumberOption } from '../number-option.js';
import { loadConfig } from '../valid-processes.js';
import { outputTarget, writeFileAtomic } from '../write-file.js';

export interface LintOptions {
  readonly paths: readonly string[];
  readonly format: LintFormat;
  /** Raw: checked by the one number parser, so a bad value is the same E_USAGE line as for every numeric option. */
  readonly maxWarnings?: string;
  readonly quiet?: boolean;
  /** A git revision: each file's version there is its base (version-not-bumped). */
  readonly base?: string;
  readonly config?: string;
  /** Commander's name for --no-config-lookup. */
  readonly configLookup?: boolean;
  readonly outputFile?: string;
  /** Replace the --output-file if it exists. */
  readonly force?: boolean;
  readonly color?: boolean;
}

export async function lintCommand(options: LintOptions, io: Io): Promise<number> {
  const target = options.outputFile === undefined ? undefined : outputTarget(io.cwd, options.outputFile, options.force);
  const maxWarnings = options.maxWarnings === undefined ? undefined : parseNumberOption('--max-warnings', options.maxWarnings, { integer: true, min: 0, example: '0' });
  const config = loadConfig(io, options);
  if (options.paths.length === 0 && !interactive(io) && !isDirectory(join(io.cwd, 'processes'))) {
    // In CI the bundled examples would lint clean and the job would pass having checked none of the team's files.
    throw new SpxError('E_NO_FILES', 'no process files: pass paths or create ./processes');
  }
  const selection = selectFiles(options.paths, io.cwd, join(io.packageRoot, 'processes'), config.ignore);
  if (selection.note && options.format === 'stylish') io.stderr(`spx: ${selection.note}\n`);
  let inputs: LintInput[] = selection.files.map((file) => ({ file, contents: readProcessFile(file, io.cwd) }));
  if (options.base !== undefined) inputs = withBases(inputs, options.base, io);
  let results = lint(inputs, config);
  if (options.quiet) results = results.map(errorsOnly);

  const report = formatResults(options.format, results, {
    color: options.outputFile ? false : useColor(io, options.color),
    width: options.outputFile ? undefined : terminalWidth(io),
    cwd: io.cwd,
    version: io.version,
  });
  if (target !== undefined) writeFileAtomic(target, report);
  else if (report === '' && options.format === 'stylish' && io.stdoutIsTTY) {
    // Silence on a clean run suits scripts; a person at a terminal deserves to know it ran, in one line.
    const clean = options.quiet ? 'no errors' : 'no problems';
    io.stdout(`${chalkFor(io, options.color).green('✓')} ${quantity(results.length, 'file')}, ${clean}\n`);
  } else io.stdout(report);

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`spx: ${quantity(warnings, 'warning')}, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** A person at a terminal (who may want to try spx on its bundled processes), not CI or a pipe. */
function interactive(io: Io): boolean {
  const ci = io.env['CI'];
  return io.stdoutIsTTY && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Adds each file's version at `base` (read with git); files new since then, or outside the repository, have none. */
function withBases(inputs: readonly LintInput[], base: string, io: Io): LintInput[] {
  const repo = openRepo(io);
  const commit = resolveRevision(repo, base);
  const paths = inputs.map((input) => repoPath(repo, input.file));
  const bases = readAtRevision(repo, commit, paths.filter((p): p is string => p !== undefined));
  return inputs.map((input, index) => {
    const contents = paths[index] === undefined ? undefined : bases.get(paths[index]!);
    return contents === undefined ? input : { ...input, base: contents };
  });
}

function errorsOnly(result: LintResult): LintResult {
  const diagnostics = result.diagnostics.filter((d) => d.severity === 'error');
  return { ...result, diagnostics, warningCount: 0 };
}
