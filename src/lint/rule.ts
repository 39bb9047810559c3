/**
 * The shape every lint rule shares: metadata (description, default severity, options schema, message table)
 * and a check that reports document paths with a message id.
 *
 * A rule module, in full:
 *
 *     export const noOwner: Rule = {
 *       id: 'no-owner',
 *       meta: {
 *         description: 'a step without a seller `owner`',
 *         defaultSeverity: 'warning',
 *         scope: 'file',
 *         messages: { stepWithoutOwner: 'step "{{step}}" has no owner; name the seller role that runs it' },
 *       },
 *       check({ process, report }) {
 *         for (const step of process.steps.values())
 *           if (step.owner === undefined) report({ path: step.path, target: 'key', messageId: 'stepWithoutOwner', data: { step: step.id } });
 *       },
 *     };
 *
 * Converting a rule written as `report(path, \`text ${value}\`)`: move the text into `meta.messages` under a
 * camelCase id with `{{value}}` placeholders, and report `{ path, messageId, data: { value } }`. Thresholds read
 * from spx.config.yaml are declared in `meta.optionsSchema` (JSON Schema per option, so the config is checked
 * against it) with their defaults in `meta.defaultOptions`. A rule that walks paths of the graph or counts
 * which buyer roles take part sets `meta.needsKnownReferences`: it is skipped while unknown-reference has
 * findings, whose typos would make its own findings wrong. Each rule has `docs/rules/<id>.md`.
 */
import type { MessageData, MessageTable, Severity } from '../model/diagnostic.js';
import type { DocPath, Process } from '../model/types.js';

/** A JSON Schema (draft 2020-12) for one option; kept loose, it only ends up in schemas/config.schema.json. */
export type OptionSchema = Readonly<Record<string, unknown>>;

/** What a rule is: description, default severity, scope (file or project) and default options. */
export interface RuleMeta {
  /** One line for `spx rules` and the docs. */
  readonly description: string;
  readonly defaultSeverity: Severity;
  /** Thresholds this rule reads from spx.config.yaml, with their defaults. */
  readonly defaultOptions?: Readonly<Record<string, unknown>>;
  /** The JSON Schema of each option this rule accepts; a rule without it accepts only `severity`. */
  readonly optionsSchema?: Readonly<Record<string, OptionSchema>>;
  /** `file` rules see one process; `project` rules see every process linted in the run. */
  readonly scope: 'file' | 'project';
  /** The wording of every finding: messageId → text with `{{placeholders}}`. */
  readonly messages: MessageTable;
  /**
   * Findings that only follow from an unknown reference (a path cut short by a typo in `next.to`, a role
   * "never involved" because `with` misspells it) are noise: the rule is skipped on a file while
   * unknown-reference reports a step, outcome or buyer-role reference there.
   */
  readonly needsKnownReferences?: boolean;
}

/** One finding: where (a document path; `key` points at the map key rather than its value) and which message. */
export interface Report {
  readonly path: DocPath;
  readonly target?: 'key' | 'value';
  readonly messageId: string;
  readonly data?: MessageData;
}

export interface FileRuleContext {
  readonly process: Process;
  readonly options: Readonly<Record<string, unknown>>;
  report(finding: Report): void;
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
  report(finding: Report): void;
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

/** Where the repository's files are browsed online; rule docs URLs are built on it. */
export const REPOSITORY_BLOB_URL = 'https://github.com/spx-dev/spx/blob/main';

/** The rule's docs page online (SARIF `helpUri`, JSON `ruleUrl`). */
export function docsUrl(id: string): string {
  return `${REPOSITORY_BLOB_URL}/${docsPath(id)}`;
}
