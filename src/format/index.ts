/** The lint report formats and the one entry point that picks between them. */
import type { LintResult } from '../lint/engine.js';
import { SpxError } from '../model/errors.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit'] as const;

/** The report formats of {@link formatResults}. */
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface FormatOptions {
  /** ANSI colours (stylish only); the caller decides from the TTY, NO_COLOR and --color. */
  readonly color: boolean;
  /** The directory relative file names are relative to (json's absolute paths, sarif's %SRCROOT%). */
  readonly cwd: string;
  /** spx's version, for sarif's tool.driver.version. */
  readonly version: string;
  /** stylish only: wrap long messages to fit this many columns (a terminal's); undefined keeps one line each. */
  readonly width?: number | undefined;
}

/** Renders lint results as one report string; pure, so the caller decides where it goes. */
export function formatResults(format: LintFormat, results: readonly LintResult[], options: FormatOptions): string {
  switch (format) {
    case 'stylish':
      return formatStylish(results, options);
    case 'json':
      return formatJson(results, options);
    case 'sarif':
      return formatSarif(results, options);
    case 'github':
      return formatGithub(results);
    case 'junit':
      return formatJunit(results);
    default:
      // Reachable only from JavaScript callers of the library; the CLI checks the choice first.
      throw new SpxError('E_USAGE', `unknown format "${String(format)}"; use one of ${LINT_FORMATS.join(', ')}`);
  }
}
