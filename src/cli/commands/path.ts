/** `spx path`: the minimal step path and the exact cycle numbers of each process. */
import type { ChalkInstance } from 'chalk';
import { analysisJson, analyze, type ProcessAnalysis } from '../../analysis/analyze.js';
import type { PathCriterion } from '../../analysis/minimal-path.js';
import { chalkFor, type Io } from '../io.js';
import { pathStepsTable } from '../table.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';
import { days, percent, probability, quantity } from '../numbers.js';

export interface PathOptions {
  readonly files: readonly string[];
  readonly by: PathCriterion;
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly color?: boolean;
}

export function pathCommand(options: PathOptions, io: Io): number {
  const processes = loadValidProcesses(options.files, io, loadConfig(io, options));
  const analyses = processes.map(({ file, process }) => ({ file, analysis: analyze(process, { by: options.by }) }));
  if (options.format === 'json') io.stdout(`${JSON.stringify(analyses.map(({ file, analysis }) => analysisJson(file, analysis)), null, 2)}\n`);
  else {
    const chalk = chalkFor(io, options.color);
    io.stdout(analyses.map(({ file, analysis }) => renderText(file, analysis, chalk)).join('\n'));
  }
  // A process whose gates no path can meet cannot be won as designed: that is a finding.
  return analyses.some(({ analysis }) => analysis.minimalPath.kind !== 'path') ? 1 : 0;
}

function renderText(file: string, { process, metrics, minimalPath: path }: ProcessAnalysis, chalk: ChalkInstance): string {
  const lines = [
    `${chalk.bold(process.title)} ${chalk.dim(`(${process.name} ${process.version}, ${file})`)}`,
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
    `  minimal path (by ${path.by}): ${chalk.bold(quantity(path.count, 'step'))}, ${days(path.expectedDays)} expected, probability ${probability(path.probability)}`,
  );
  return `${lines.join('\n')}\n${pathStepsTable(path.steps, { gap: path.gapToOutcome, outcome: path.outcome })}\n`;
}
