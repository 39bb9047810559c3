/** The lint engine: loads each file, runs file rules and cross-file rules, applies config and directives. */
import { closestMatch } from '../model/closest.js';
import { compareDiagnostics, renderMessage, type Diagnostic, type MessageData, type Severity } from '../model/diagnostic.js';
import { REPORT_HINT, SpxError } from '../model/errors.js';
import { locate, type ParsedFile } from '../model/load.js';
import { loadProcess, type LoadedProcess } from '../model/process-file.js';
import type { Process } from '../model/types.js';
import { DEFAULT_CONFIG, ruleSetting, type LintConfig } from './config.js';
import { applyDirectives, parseDirectives, type Directive } from './directives.js';
import type { Report, Rule } from './rule.js';
import { RULES, UNUSED_DIRECTIVE_RULE } from './rules/index.js';
import { findUnknownReferences, isStructural, unknownReference } from './rules/unknown-reference.js';

/** Findings of the loader itself: directives cannot silence them (the file has no model without a fix). */
const LOADER_RULES = new Set(['yaml-syntax', 'schema']);

/** One file to lint: its name as the user gave it, and its contents. */
export interface LintInput {
  readonly file: string;
  readonly contents: Uint8Array | string;
  /**
   * The same file at a base revision (`spx lint --base REV`), for rules that compare versions
   * (version-not-bumped). Absent without a base or for a file that is new since it.
   */
  readonly base?: Uint8Array | string;
}

/** The findings for one file, in source order. */
export interface LintResult {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** The model, when the file was valid enough to build one. */
  readonly process: Process | undefined;
  /** The parsed file (positions and plain data), when its bytes were text: spares callers a second parse. */
  readonly parsed?: ParsedFile;
}

/**
 * Lints files together, so cross-file rules (duplicate-process, segment-overlap, segment-gap) see them all.
 * Pure: the caller reads the files. Throws SpxError only for internal failures; findings are never exceptions.
 */
export function lint(inputs: readonly LintInput[], config: LintConfig = DEFAULT_CONFIG, rules: readonly Rule[] = RULES): LintResult[] {
  const loaded = inputs.map((input) => loadProcess(input.file, input.contents, { calendar: config.calendar }));
  // A base that does not load (invalid at that revision) gives rules nothing to compare with: no base.
  const bases = inputs.map((input) => (input.base === undefined ? undefined : loadProcess(input.file, input.base, { calendar: config.calendar })));
  const findings = loaded.map((l) => [...l.diagnostics].map((d) => withConfiguredSeverity(d, rules, config)).filter(isOn));
  const memos = loaded.map((file) => (file.process ? memoFor(file.process) : undefined));
  // The cause first: while unknown-reference reports a step, outcome or buyer role that does not exist, the rules
  // reading paths or involvement would report what follows from the typo, not from the process.
  const unknownReferencesReported =
    rules.includes(unknownReference) && ruleSetting(unknownReference, config).severity !== 'off';
  const moot = memos.map((memo) => unknownReferencesReported && memo !== undefined && isStructural(memo(findUnknownReferences)));
  // Per file, the rules that did not run for a reason a fix removes (the file did not load, or findings were moot).
  const skipped = loaded.map(() => new Set<string>());

  for (const rule of rules) {
    const setting = ruleSetting(rule, config);
    if (setting.severity === 'off') continue;
    if (rule.check) {
      loaded.forEach((file, index) => {
        if (!file.process) return;
        if (moot[index] && rule.meta.needsKnownReferences) {
          skipped[index]!.add(rule.id);
          return;
        }
        const memo = memos[index]!;
        runGuarded(rule, file.file, () =>
          rule.check!({
            process: file.process!,
            options: setting.options,
            report: reporter(file, rule, setting.severity as Severity, findings[index]!),
            memo,
            base: bases[index]?.process,
            data: { current: file.parsed?.data, base: bases[index]?.process ? bases[index]!.parsed?.data : undefined },
          }),
        );
      });
    }
    if (rule.checkProject) {
      const files = loaded.flatMap((file, index) =>
        file.process
          ? [{ file: file.file, process: file.process, report: reporter(file, rule, setting.severity as Severity, findings[index]!) }]
          : [],
      );
      runGuarded(rule, '(project)', () => rule.checkProject!({ files, options: setting.options }));
    }
  }

  const unusedSetting = ruleSetting(UNUSED_DIRECTIVE_RULE, config);
  const knownRuleIds = [...new Set([...RULES, ...rules].map((rule) => rule.id))];
  return loaded.map((file, index) => {
    let diagnostics = findings[index]!;
    if (file.parsed) {
      // A file that does not load has no model, so no rule ran on it: silencing why would hide that.
      const silenceable = diagnostics.filter((d) => !LOADER_RULES.has(d.ruleId));
      const { kept, unused } = applyDirectives(silenceable, parseDirectives(file.parsed.text));
      diagnostics = [...diagnostics.filter((d) => LOADER_RULES.has(d.ruleId)), ...kept];
      if (unusedSetting.severity !== 'off') {
        const report = (directive: Directive, messageId: string, data: MessageData) =>
          diagnostics.push(directiveDiagnostic(file.file, directive, unusedSetting.severity as Severity, messageId, data));
        for (const directive of unused) {
          const unknown = directive.rules.filter((id) => !knownRuleIds.includes(id));
          for (const id of unknown) {
            const suggestion = closestMatch(id, knownRuleIds);
            report(directive, suggestion === undefined ? 'unknownRule' : 'unknownRuleNear', suggestion === undefined ? { rule: id } : { rule: id, suggestion });
          }
          // Loader findings are never silenced (see above): such a directive is wrong on any file, valid or not.
          const loaderRules = directive.rules.filter((id) => LOADER_RULES.has(id));
          for (const id of loaderRules) report(directive, 'cannotSilence', { rule: id });
          // A directive for a rule that did not run here is not known to be unused: the rule may fire once it runs.
          const couldHaveRun =
            file.process !== undefined &&
            (directive.rules.length === 0 ? skipped[index]!.size === 0 : directive.rules.every((id) => !skipped[index]!.has(id)));
          if (unknown.length === 0 && loaderRules.length === 0 && couldHaveRun) {
            report(directive, 'unused', { rules: directive.rules.length ? ` (${directive.rules.join(', ')})` : '' });
          }
        }
      }
    }
    diagnostics.sort(compareDiagnostics);
    return {
      file: file.file,
      diagnostics,
      errorCount: diagnostics.filter((d) => d.severity === 'error').length,
      warningCount: diagnostics.filter((d) => d.severity === 'warning').length,
      process: file.process,
      parsed: file.parsed,
    };
  });
}

/** Every rule finding becomes a diagnostic here: positioned by its document path, worded by its rule's message table. */
function reporter(file: LoadedProcess, rule: Rule, severity: Severity, sink: Diagnostic[]) {
  return ({ path, target, messageId, data }: Report): void => {
    const message = renderMessage(rule.meta.messages, messageId, data);
    const { range } = file.parsed ? locate(file.parsed, path, target) : { range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
    sink.push({ ruleId: rule.id, severity, message, messageId, ...(data ? { data } : {}), path, file: file.file, ...range });
  };
}

/** An unused-disable-directive finding, at the comment. */
function directiveDiagnostic(file: string, directive: Directive, severity: Severity, messageId: string, data: MessageData): Diagnostic {
  return {
    ruleId: UNUSED_DIRECTIVE_RULE.id,
    severity,
    message: renderMessage(UNUSED_DIRECTIVE_RULE.meta.messages, messageId, data),
    messageId,
    data,
    file,
    line: directive.line,
    column: directive.column,
    endLine: directive.line,
    endColumn: directive.endColumn,
  };
}

/** Derived data (e.g. exact metrics) computed once per file whatever number of rules need it. */
function memoFor(process: Process) {
  const cache = new Map<(p: Process) => unknown, unknown>();
  return <T>(derive: (p: Process) => T): T => {
    if (!cache.has(derive)) cache.set(derive, derive(process));
    return cache.get(derive) as T;
  };
}

function withConfiguredSeverity(diagnostic: Diagnostic, rules: readonly Rule[], config: LintConfig): Diagnostic & { off?: true } {
  const rule = rules.find((r) => r.id === diagnostic.ruleId);
  if (!rule) return diagnostic;
  const { severity } = ruleSetting(rule, config);
  return severity === 'off' ? { ...diagnostic, off: true } : { ...diagnostic, severity };
}

function isOn(d: Diagnostic & { off?: true }): boolean {
  return !d.off;
}

function runGuarded(rule: Rule, file: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    if (error instanceof SpxError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SpxError('E_INTERNAL', `rule ${rule.id} failed on ${file}: ${message}; ${REPORT_HINT}`);
  }
}
