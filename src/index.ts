/**
 * The spx library API. Everything here is pure: callers pass file contents (and, where needed, the clock
 * and seeds); nothing reads the file system, prints, or exits.
 * @packageDocumentation
 */
export type { Diagnostic, Severity, SourceRange } from './model/diagnostic.js';
export { SpxError, type SpxErrorCode } from './model/errors.js';
export type * from './model/types.js';
export { loadProcess, type LoadedProcess } from './model/process-file.js';
export { locate, LOAD_LIMITS } from './model/load.js';
export { lint, type LintInput, type LintResult } from './lint/engine.js';
export { parseConfig, DEFAULT_CONFIG, type LintConfig } from './lint/config.js';
export { RULES } from './lint/rules/index.js';
export type { Rule, RuleMeta } from './lint/rule.js';
export { formatResults, type LintFormat } from './format/index.js';
