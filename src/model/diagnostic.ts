/** The one diagnostic type for everything spx reports: YAML errors, schema errors, lint and cross-file findings. */
import type { DocPath } from './types.js';

/** How bad a finding is: errors fail `spx lint`, warnings only with --max-warnings. */
export type Severity = 'error' | 'warning';

/** A 1-based source range. `endLine`/`endColumn` point just past the node, like ESLint's. */
export interface SourceRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The values a message template interpolates (`{{name}}`), kept on the diagnostic for tools that reword it. */
export type MessageData = Readonly<Record<string, string | number>>;

/** A rule's wording: messageId → text with `{{placeholders}}` (ESLint's `meta.messages`). */
export type MessageTable = Readonly<Record<string, string>>;

/** One finding: the rule that found it, its severity, a one-line message, and where (file and range). */
export interface Diagnostic extends SourceRange {
  readonly ruleId: string;
  readonly severity: Severity;
  /** One line that says what is wrong and what to do, rendered from the rule's message table. */
  readonly message: string;
  /** Which entry of the rule's message table the message came from: stable when the wording changes. */
  readonly messageId: string;
  /** The values interpolated into the message. */
  readonly data?: MessageData;
  /** The document path the finding is about (e.g. `['steps', 'demo', 'next', 0, 'to']`), when it has one. */
  readonly path?: DocPath;
  /** The file as the user named it (relative paths stay relative). */
  readonly file: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*)\s*\}\}/g;

/**
 * The one place a message is rendered: `{{name}}` in the template of `messageId` becomes `data.name`.
 * A missing template or value is a bug in the rule, not in the user's file, so it throws.
 */
export function renderMessage(messages: MessageTable, messageId: string, data: MessageData = {}): string {
  const template = Object.hasOwn(messages, messageId) ? messages[messageId] : undefined;
  if (template === undefined) throw new Error(`no message "${messageId}" in the rule's meta.messages`);
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!Object.hasOwn(data, name)) throw new Error(`message "${messageId}" needs a value for {{${name}}}`);
    return String(data[name]);
  });
}

/** Orders diagnostics by position, then rule id, so output is stable whatever order rules ran in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}
