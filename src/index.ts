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
export { analyze, analysisJson, type ProcessAnalysis } from './analysis/analyze.js';
export { computeMetrics, type Metrics, type StepMetrics } from './analysis/metrics.js';
export { minimalPath, recoveryPath, type MinimalPathResult, type PathCriterion, type DealPosition } from './analysis/minimal-path.js';
export { nextStep, type NextStepResult, type NextStepBlocked, type DealHistory } from './analysis/next-step.js';
export { guaranteedHistory, immediateDominators, type GuaranteedHistory } from './analysis/dominators.js';
export { addBusinessDays } from './analysis/business-days.js';
export { simulate, type SimulationOptions, type SimulationReport } from './simulate/simulate.js';
export { diffProcesses, summaryLine, type ProcessDiff, type Change } from './diff/diff.js';
export { scaffold, type ScaffoldResult, type ScaffoldFile } from './scaffold/scaffold.js';
export type { InitAnswers } from './scaffold/answers.js';
