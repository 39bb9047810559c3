/** `spx lint`: select files, read them and the config, lint, render, and decide the exit code. */
import { join, resolve } from 'node:path';
import { formatResults, type LintFormat } from '../../format/index.js';
import { lint, type LintInput, type LintResult } from '../../lint/engine.js';
import { readProcessFile, selectFiles } from '../files.js';
import { openRepo, readAtRevision, repoPath, resolveRevision } from '../git.js';
import { chalkFor, useColor, type Io } from '../io.js';
import { quantity } from '../numbers.js';
import { loadConfig } from '../valid-processes.js';
import { writeFileAtomic } from '../write-file.js';

export interface LintOptions {
  readonly paths: readonly string[];
  readonly format: LintFormat;
  readonly maxWarnings?: number;
  readonly quiet?: boolean;
  /** A git revision: each file's version there is its base (version-not-bumped). */
  readonly base?: string;
  readonly config?: string;
  /** Commander's name for --no-config-lookup. */
  readonly configLookup?: boolean;
  readonly outputFile?: string;
  readonly color?: boolean;
}

export async function lintCommand(options: LintOptions, io: Io): Promise<number> {
  const config = loadConfig(io, options);
  const selection = selectFiles(options.paths, io.cwd, join(io.packageRoot, 'processes'), config.ignore);
  if (selection.note && options.format === 'stylish') io.stderr(`spx: ${selection.note}\n`);
  let inputs: LintInput[] = selection.files.map((file) => ({ file, contents: readProcessFile(file, io.cwd) }));
  if (options.base !== undefined) inputs = withBases(inputs, options.base, io);
  let results = lint(inputs, config);
  if (options.quiet) results = results.map(errorsOnly);

  const report = formatResults(options.format, results, {
    color: options.outputFile ? false : useColor(io, options.color),
    cwd: io.cwd,
    version: io.version,
  });
  if (options.outputFile) writeFileAtomic(resolve(io.cwd, options.outputFile), report);
  else if (report === '' && options.format === 'stylish' && io.stdoutIsTTY) {
    // Silence on a clean run suits scripts; a person at a terminal deserves to know it ran, in one line.
    const clean = options.quiet ? 'no errors' : 'no problems';
    io.stdout(`${chalkFor(io, options.color).green('✓')} ${quantity(results.length, 'file')}, ${clean}\n`);
  } else io.stdout(report);

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`spx: ${quantity(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}\n`);
    return 1;
  }
  return 0;
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
