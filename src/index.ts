/**
 * The spx library API. Everything here is pure: callers pass file contents (and, where needed, the clock
 * and seeds); nothing reads the file system, prints, or exits.
 * @packageDocumentation
 */
export { renderMessage, type Diagnostic, type MessageData, type MessageTable, type Severity, type SourceRange } from './model/diagnostic.js';
export { closestMatch, editDistance } from './model/closest.js';
export { SpxError, REPORT_HINT, type SpxErrorCode } from './model/errors.js';
export type * from './model/types.js';
export { loadProcess, isKnownTimeZone, type LoadedProcess, type LoadOptions } from './model/process-file.js';
export { holidaySet, isHolidayDate, type HolidaySet } from './model/holidays.js';
export { parseDurationValue, toCalendarDays } from './model/duration.js';

export {
  applyCalibration,
  type CalibrationResult,
  type CalibrationUpdate,
  type FittedDuration,
  type StepCalibration,
} from './model/write-back.js';
export { observedMapping, type ObservedGroup, type ObservedMapping, type StageTarget } from './model/crm.js';
export { locate, decodeText, LOAD_LIMITS, type ParsedFile } from './model/load.js';
export { sha256Hex } from './model/hash.js';
export { lint, type LintInput, type LintResult } from './lint/engine.js';
export { parseConfig, findConfigFile, unknownRuleMessage, DEFAULT_CONFIG, CONFIG_FILE_NAME, type LintConfig } from './lint/config.js';
export { configSchema } from './lint/config-schema.js';
export { findUnknownReferences, type UnknownReference } from './lint/rules/unknown-reference.js';
export { RULES } from './lint/rules/index.js';
export { docsUrl, docsPath } from './lint/rule.js';
export type { Rule, RuleMeta, Report, OptionSchema } from './lint/rule.js';
export { formatResults, type LintFormat } from './format/index.js';
export { wrapWords, displayWidth } from './format/stylish.js';
export { analyze, analysisJson, type ProcessAnalysis } from './analysis/analyze.js';
export { observedView, type ObservedView, type ObservedGroupView } from './analysis/observed.js';
export { stageTimeQuantile, STAGE_TIME_DRAWS } from './analysis/stage-time.js';
export { computeSensitivity, computeAdjoints, type Sensitivity, type Lever, type LeverKind, type Adjoints } from './analysis/sensitivity.js';
export { computeCapacity, type Capacity, type RoleCapacity } from './analysis/capacity.js';
export { rankLever, rankLevers, hasDisqualified, signedNumber, describeLeverChange, describeWinRateEffect, describeCycleEffect, POINTS_STEP, DAYS_STEP, type RankedLever, type RankedLevers } from './analysis/levers.js';
export { applyScenario, parseSetting, validPaths, type ScenarioSetting, type ScenarioChange, type ScenarioResult } from './model/scenario.js';
export { pipelineForTarget, type TargetOptions, type TargetPlan, type TargetMonth } from './simulate/pipeline-target.js';
export { renderReport, reportData, type ReportCalibration, type ReportInput, type ReportPipeline, type ReportProcess } from './report/index.js';
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
  wilsonAround,
  competingShares,
  meanInterval,
  kaplanMeier,
  kaplanMeierQuantiles,
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
  auditDealTable,
  formatDays,
  calendarDate,
  AUDIT_FINDINGS,
  rememberBounded,
  type AuditInput,
  type AuditTableInput,
  type AuditReport,
  type AuditedDeal,
  type AuditedProcess,
  type AuditFinding,
  type AuditFindingId,
} from './deals/audit.js';
export {
  forecastDeals,
  forecastDealTable,
  type ForecastInput,
  type ForecastTableInput,
  type ForecastProcessesInput,
  type ForecastReport,
  type ForecastDeal,
  type ForecastRow,
  type ForecastTotal,
  type Band,
} from './deals/forecast.js';
export {
  compileForecastInWorkers,
  forecastDealsInWorkers,
  forecastThreads,
  FORECAST_FUTURES_PER_THREAD,
  type CompiledForecast,
  type ForecastWorkerOptions,
} from './deals/forecast-workers.js';
export { WorkerPool } from './simulate/pool.js';
export { readDeals, readDealTable, detectFormat, type DealSource, type ReadDealsOptions, type DealData, type DealTableData } from './deals/read.js';
export { compareWithDeals, compareWithDealTable, claimsDeal, type CompareOptions, type DealComparison } from './deals/compare.js';
export { tableToDeals, type DealTable, type DealRecord } from './deals/columns.js';
export { dealVisitColumns, type VisitColumns, type VisitColumnsInput, type VisitTable, type DealVisitTable } from './deals/visit-columns.js';
export { parseInstant } from './deals/dates.js';
export { computeMetrics, expectedVisits, type Metrics, type StepMetrics } from './analysis/metrics.js';
export {
  minimalPath,
  recoveryPath,
  type MinimalPathResult,
  type MinimalPathFound,
  type MinimalPathBlocked,
  type MinimalPathNone,
  type PathCriterion,
  type PathStep,
  type DealPosition,
} from './analysis/minimal-path.js';
export { nextStep, type NextStepResult, type NextStepFound, type NextStepBlocked, type DealHistory } from './analysis/next-step.js';
export { guaranteedHistory, immediateDominators, type GuaranteedHistory } from './analysis/dominators.js';
export { nextStepDates, nextStepJson, nextStepBlockedReason, recordFlags, type NextStepDates } from './analysis/next-step-report.js';
export { minimumDaysAfter } from './analysis/earliest.js';
export { addBusinessDays, addCalendarDays, addStretches, isoDate, type Stretch } from './analysis/business-days.js';
export { expectedStretches, minimumStretches, withinStretch } from './analysis/path-stretches.js';
export {
  route,
  routeJson,
  type Prospect,
  type RouteEntry,
  type RouteResult,
  type ProcessVerdict,
  type Criterion,
  type CriterionCheck,
  type RouteStatus,
} from './analysis/route.js';
export { simulate, type SimulationOptions, type SimulationReport, type ProgressCallback, type CycleDays, type Bottlenecks } from './simulate/simulate.js';
export { simulateParallel, type ParallelOptions } from './simulate/parallel.js';
export { simulationJson, type SimulationJson, type CloseDates } from './simulate/json.js';
export { DEFAULT_STEP_CAP, CHUNK_DEALS } from './simulate/engine.js';
export { diffProcesses, summaryLine, type ProcessDiff, type Change } from './diff/diff.js';
export { bumpRank, type Bump, type NeededBump, type DeclaredBump } from './diff/bump.js';
export { formatDiff, DIFF_FORMATS, type DiffFormat, type DiffEntry, type DiffReport, type DiffFormatOptions } from './format/diff.js';
export { formatMermaid, type MermaidMarks } from './format/mermaid.js';
export { formatDot } from './format/dot.js';
export { buildDiagram, MAX_LR_RANKS, MAX_SHARED_LOSSES, type LostEdges, type DiagramDirection, type DiagramOptions } from './format/process-graph.js';
export { scaffold, CONFIG_PATH, GITHUB_WORKFLOW_PATH, type ScaffoldResult, type ScaffoldFile } from './scaffold/scaffold.js';
export {
  AUTO,
  BUYER_ROLES,
  DEFAULT_CALENDAR,
  ENTERPRISE_COMMITTEE,
  MAX_AMOUNT,
  ROLE_INFO,
  SEGMENT_DEFAULTS,
  SEGMENT_INFO,
  SEGMENTS,
  TEMPLATE_IDS,
  WEEKDAYS,
  cleanCompany,
  parseHolidays,
  splitList,
  type BuyerRoleId,
  type CalendarAnswers,
  type CiProvider,
  type InitAnswers,
  type RoleInfo,
  type SegmentAnswers,
  type SegmentId,
  type SegmentInfo,
  type TemplateAnswers,
  type TemplateId,
} from './scaffold/answers.js';
export { TEMPLATES, estimateTemplate, scaffoldTemplate, type ProcessTemplate, type TemplateStep, type TemplateFile } from './scaffold/templates.js';
export { describeEmployees, estimateSegment, type SegmentModel } from './scaffold/process.js';
export {
  pipelineStages,
  stallThresholds,
  checkVendorLimits,
  VENDOR_LIMITS,
  CRM_VENDORS,
  STALL_QUANTILE,
  STALL_SEED,
  type CrmVendor,
  type PipelineStage,
  type VendorLimits,
} from './crm-pipeline/stages.js';
export { exportPipeline, hubspotProbability, percentProbability, rottenDays, type PipelineFile } from './crm-pipeline/export.js';
export {
  importPipeline,
  readPipeline,
  MIN_FITTED_P,
  type CrmPipeline,
  type CrmStage,
  type ImportOptions,
  type ImportResult,
} from './crm-pipeline/import.js';
export { reconcilePipeline, vendorProbability, type ReconcileFinding, type ReconcileResult } from './crm-pipeline/reconcile.js';
