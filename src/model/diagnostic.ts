/** The one diagnostic type for everything spx reports: YAML errors, schema errors, lint and cross-file findings. */

export type Severity = 'error' | 'warning';

/** A 1-based source range. `endLine`/`endColumn` point just past the node, like ESLint's. */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** One finding: the rule that found it, its severity, a one-line message, and where (file and range). */
export interface Diagnostic extends SourceRange {
  readonly ruleId: string;
  readonly severity: Severity;
  /** One line that says what is wrong and what to do. */
  readonly message: string;
  /** The file as the user named it (relative paths stay relative). */
  readonly file: string;
}

/** Orders diagnostics by position, then rule id, so output is stable whatever order rules ran in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
