/** The shape every lint rule shares: metadata for docs and config, and a check that reports document paths. */
import type { Severity } from '../model/diagnostic.js';
import type { DocPath, Process } from '../model/types.js';

/** What a rule is: description, default severity, scope (file or project) and default options. */
export interface RuleMeta {
  /** One line for `spx rules` and the docs. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Thresholds this rule reads from spx.config.yaml, with their defaults. */
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
  /** `file` rules see one process; `project` rules see every process linted in the run. */
  readonly scope: 'file' | 'project';
}

/** Where a finding is: a document path; `key` points at the map key rather than its value. */
export interface ReportTarget {
  readonly path: DocPath;
  readonly target?: 'key' | 'value';
}

export interface FileRuleContext {
  readonly process: Process;
  readonly options: Readonly<Record<string, unknown>>;
  report(at: ReportTarget | DocPath, message: string): void;
  /** Computes `derive(process)` once per file, however many rules ask (e.g. the exact metrics). */
  memo<T>(derive: (process: Process) => T): T;
  /** With `spx lint --base REV`: this file's process at REV. Undefined without a base, or for a file new since REV. */
  readonly base?: Process;
  /** The plain data the YAML parsed to, of this file and of its base: for what the model leaves out (descriptions). */
  readonly data?: { readonly current: unknown; readonly base: unknown };
}

export interface ProjectFile {
  readonly file: string;
  readonly process: Process;
  report(at: ReportTarget | DocPath, message: string): void;
}

export interface ProjectRuleContext {
  readonly files: readonly ProjectFile[];
  readonly options: Readonly<Record<string, unknown>>;
}

/** A lint rule: its id and meta, and a check of one file (`check`) or of all files linted together (`checkProject`). */
export interface Rule {
  readonly id: string;
  readonly meta: RuleMeta;
  /** For scope 'file'. Rules emitted by the loader (yaml-syntax, schema) have no check. */
  check?(context: FileRuleContext): void;
  /** For scope 'project'. */
  checkProject?(context: ProjectRuleContext): void;
}

/** Each rule's docs page, relative to the package root. */
export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}
