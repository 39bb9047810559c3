/**
 * The spx library API. Everything here is pure: callers pass file contents (and, where needed, the clock
 * and seeds); nothing reads the file system, prints, or exits.
 * @packageDocumentation
 */
export type { Diagnostic, Severity, SourceRange } from './model/diagnostic.js';
export { SpxError, type SpxErrorCode } from './model/errors.js';
export type * from './model/types.js';
export { loadProcess, isKnownTimeZone, type LoadedProcess } from './model/process-file.js';
export {
  applyCalibration,
  type CalibrationResult,
  type CalibrationUpdate,
  type FittedDuration,
  type StepCalibration,
} from './model/write-back.js';
export { observedMapping, type ObservedGroup, type ObservedMapping, type StageTarget } from './model/crm.js';
export { locate, LOAD_LIMITS } from './model/load.js';
export { lint, type LintInput, type LintResult } from './lint/engine.js';
export { parseConfig, DEFAULT_CONFIG, type LintConfig } from './lint/config.js';
export { RULES } from './lint/rules/index.js';
export type { Rule, RuleMeta } from './lint/rule.js';
export { formatResults, type LintFormat } from './format/index.js';
export { analyze, analysisJson, type ProcessAnalysis } from './analysis/analyze.js';
export { computeMetrics, type Metrics, type StepMetrics } from './analysis/metrics.js';
export { observedView, type ObservedView, type ObservedGroupView } from './analysis/observed.js';
export { stageTimeQuantile, STAGE_TIME_DRAWS } from './analysis/stage-time.js';
export { minimalPath, type MinimalPathResult, type PathCriterion, type DealPosition } from './analysis/minimal-path.js';
export { nextStep, type NextStepResult } from './analysis/next-step.js';
export { addBusinessDays } from './analysis/business-days.js';
export { simulate, type SimulationOptions, type SimulationReport } from './simulate/simulate.js';
export { diffProcesses, summaryLine, type ProcessDiff, type Change } from './diff/diff.js';
export { formatDiff, type DiffFormat, type DiffReport, type DiffEntry } from './format/diff.js';
export { scaffold, type ScaffoldResult, type ScaffoldFile } from './scaffold/scaffold.js';
export type { InitAnswers } from './scaffold/answers.js';
export type { Deal, DealEvent, DealDataIssue, DealFormat, SourcePosition } from './deals/types.js';
export { businessTimeBetween, addBusinessTime, localDay, localDayStart, DAY_MS } from './deals/business-time.js';
export {
  dealVisits,
  type VisitsInput,
  type VisitsResult,
  type Visit,
  type DealVisits,
  type NextStage,
  type UnmappedStage,
  type ResolvedStage,
  type StageResolver,
  type ObservedGroupRef,
} from './deals/visits.js';
export {
  wilsonInterval,
  meanInterval,
  kaplanMeier,
  survivalQuantile,
  empiricalQuantile,
  fitPert,
  Z95,
  type Interval,
  type MeanEstimate,
  type SurvivalCurve,
  type SurvivalStep,
  type PertFit,
} from './deals/statistics.js';
export { synthesizeDeals, type SynthesizeOptions } from './deals/synthesize.js';
export { eventsCsv, EVENTS_CSV_COLUMNS } from './deals/write-events.js';
export { csvCell, csvRow } from './deals/csv-cell.js';
export {
  calibrate,
  roundShares,
  type CalibrationInput,
  type CalibrationReport,
  type CalibrationFinding,
  type PredictedView,
  type PredictedGroup,
  type Verdict,
  type WinRateComparison,
  type CycleComparison,
  type TransitionComparison,
  type StageComparison,
  type FittedStep,
} from './deals/calibrate.js';
export { routeDeals, type DealRouting, type RoutedDeals } from './deals/routing.js';
export {
  auditDeals,
  formatDays,
  calendarDate,
  AUDIT_FINDINGS,
  type AuditInput,
  type AuditReport,
  type AuditedDeal,
  type AuditedProcess,
  type AuditFinding,
  type AuditFindingId,
} from './deals/audit.js';
export {
  forecastDeals,
  type ForecastInput,
  type ForecastReport,
  type ForecastDeal,
  type ForecastRow,
  type ForecastTotal,
  type Band,
} from './deals/forecast.js';
export { forecastDealsInWorkers } from './deals/forecast-workers.js';
export { readDeals, detectFormat, type DealSource, type ReadDealsOptions, type DealData } from './deals/read.js';
export { parseInstant } from './deals/dates.js';
