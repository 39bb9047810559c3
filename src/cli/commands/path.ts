/** `spx path`: the minimal step path and the exact cycle numbers of each process. */
import type { ChalkInstance } from 'chalk';
import { analysisJson, analyze, type ProcessAnalysis, type PathCriterion } from '../../index.js';
import { chalkFor, type Io } from '../io.js';
import { pathStepsTable } from '../table.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { days, percent, probability } from '../numbers.js';
import { parseSetting } from '../../index.js';
import type { ScenarioChange } from '../../index.js';
import { scenarioJson, scenarioLine } from '../scenario.js';

export interface PathOptions {
  readonly files: readonly string[];
  readonly by: PathCriterion;
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly color?: boolean;
  /** Raw `--set PATH=VALUE` settings. */
  readonly set?: readonly string[];
}

export function pathCommand(options: PathOptions, io: Io): number {
  const scenario = (options.set ?? []).map(parseSetting);
  const processes = loadValidProcesses(options.files, io, loadConfig(io, options), scenario);
  const analyses = processes.map(({ file, process, scenario: changes }) => ({ file, changes, analysis: analyze(process, { by: options.by }) }));
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(analyses.map(({ file, analysis, changes }) => ({ ...analysisJson(file, analysis), ...scenarioJson(changes) })), null, 2)}\n`);
  } else {
    const chalk = chalkFor(io, options.color);
    io.stdout(analyses.map(({ file, analysis, changes }) => renderText(file, analysis, chalk, changes)).join('\n'));
  }
  // A process whose gates no path can meet cannot be won as designed: that is a finding.
  return analyses.some(({ analysis }) => analysis.minimalPath.kind !== 'path') ? 1 : 0;
}

function renderText(file: string, { process, metrics, minimalPath: path }: ProcessAnalysis, chalk: ChalkInstance, changes?: readonly ScenarioChange[]): string {
  const scenario = scenarioLine(changes);
  const lines = [
    `${chalk.bold(process.title)} ${chalk.dim(`(${process.name} ${process.version}, ${file})`)}`,
    ...(scenario === undefined ? [] : [chalk.yellow(scenario)]),
    `  win rate ${percent(metrics.winRate)} · expected cycle of won deals ${days(metrics.expectedCycleWon)} · expected time to any outcome ${days(metrics.expectedTimeToOutcome)}`,
  ];
  if (path.kind === 'blocked') {
    const { askStep, missingInvolved, missingCompleted } = path.blocked;
    const missing = [...missingInvolved.map((r) => `role ${r}`), ...missingCompleted.map((s) => `step ${s}`)].join(', ');
    lines.push(chalk.red(`  no path to won meets the gate of "${askStep}": ${missing} can never happen before it; involve them on a path into the ask`));
    return `${lines.join('\n')}\n`;
  }
  if (path.kind === 'no-path') {
    lines.push(chalk.red('  no path reaches won; see spx lint (no-path-to-won)'));
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `  minimal path (by ${path.by}): ${chalk.bold(`${path.count} steps`)}, ${days(path.expectedDays)} expected, probability ${probability(path.probability)}`,
  );
  return `${lines.join('\n')}\n${pathStepsTable(path.steps)}\n`;
}
