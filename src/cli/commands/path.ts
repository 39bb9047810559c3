/** `spx path`: the minimal step path and the exact cycle numbers of each process. */
import type { ChalkInstance } from 'chalk';
import { analysisJson, analyze, parseSetting, SpxError, type PathCriterion, type Process, type ProcessAnalysis, type ScenarioChange } from '../../index.js';
import { chalkFor, type Io } from '../io.js';
import { pathStepsTable, wrapList } from '../table.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { days, percent, probability, quantity } from '../numbers.js';
import { scenarioJson, scenarioLine } from '../scenario.js';

export interface PathOptions {
  readonly files: readonly string[];
  readonly by: PathCriterion;
  /** Numbers and path from this step instead of `start`. */
  readonly from?: string;
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly color?: boolean;
  /** Raw `--set PATH=VALUE` settings. */
  readonly set?: readonly string[];
}

export function pathCommand(options: PathOptions, io: Io): number {
  const processes = loadValidProcesses(options.files, io, loadConfig(io, options), (options.set ?? []).map(parseSetting));
  const analyses = processes.map(({ file, process, scenario: changes }) => {
    if (options.from !== undefined) checkStep(file, process, options.from);
    return { file, changes, analysis: analyze(process, { by: options.by, ...(options.from === undefined ? {} : { from: options.from }) }) };
  });
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(analyses.map(({ file, analysis, changes }) => ({ ...analysisJson(file, analysis), ...scenarioJson(changes) })), null, 2)}\n`);
  } else {
    const chalk = chalkFor(io, options.color);
    io.stdout(analyses.map(({ file, analysis, changes }) => renderText(file, analysis, chalk, changes)).join('\n'));
  }
  // A process whose gates no path can meet cannot be won as designed: that is a finding.
  return analyses.some(({ analysis }) => analysis.minimalPath.kind !== 'path') ? 1 : 0;
}

function renderText(file: string, { process, from, fromMetrics, minimalPath: path }: ProcessAnalysis, chalk: ChalkInstance, changes?: readonly ScenarioChange[]): string {
  const at = fromMetrics!;
  const lines = [`${chalk.bold(process.title)} ${chalk.dim(`(${process.name} ${process.version}, ${file})`)}`];
  const scenario = scenarioLine(changes);
  if (scenario !== undefined) lines.push(chalk.yellow(scenario));
  if (from !== process.start) lines.push(`  from ${from}: deals at the start of that step, having done what every path to it passes`);
  lines.push(
    `  win rate ${percent(at.winProbability)} · expected cycle of won deals ${days(at.expectedCycleWon)}`,
    `  expected time to any outcome ${days(at.expectedTimeToOutcome)}`,
  );
  if (hasDisqualified(process)) {
    lines.push(
      `  qualified opportunities (${percent(1 - at.disqualifiedProbability)} of deals; the rest end disqualified):`,
      `    win rate ${percent(at.qualifiedWinProbability)} · expected time to an outcome ${days(at.qualifiedTimeToOutcome)}`,
    );
  }
  if (path.kind === 'blocked') {
    const { askStep, missingInvolved, missingCompleted } = path.blocked;
    const missing = [...missingInvolved.map((r) => `role ${r}`), ...missingCompleted.map((s) => `step ${s}`)];
    lines.push(chalk.red(`  no path to won meets the gate of "${askStep}"; these can never happen before it:`), ...wrapList('    ', missing).map((l) => chalk.red(l)), chalk.red('  involve them on a path into the ask'));
    return `${lines.join('\n')}\n`;
  }
  if (path.kind === 'no-path') {
    lines.push(chalk.red('  no path reaches won; see spx lint (no-path-to-won)'));
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `  ${path.by === 'probability' ? 'most likely' : 'minimal'} path (by ${path.by}): ${chalk.bold(quantity(path.count, 'step'))}, ${days(path.expectedDays)} expected, probability ${probability(path.probability)}`,
  );
  return `${lines.join('\n')}\n${pathStepsTable(path.steps, { gap: path.gapToOutcome, outcome: path.outcome })}\n`;
}

function hasDisqualified(process: Process): boolean {
  return [...process.outcomes.values()].some((o) => o.result === 'disqualified');
}

function checkStep(file: string, process: Process, from: string): void {
  if (process.steps.has(from)) return;
  const steps = [...process.steps.keys()].join(', ');
  if (process.outcomes.has(from)) throw new SpxError('E_UNKNOWN_STEP', `${file}: --from ${from} is an outcome, not a step (steps: ${steps})`);
  throw new SpxError('E_UNKNOWN_STEP', `${file}: --from ${from}: no such step in ${process.name} (steps: ${steps})`);
}
