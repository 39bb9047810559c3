/** `spx next`: the proactive next step for a deal in flight, who to involve, and the dates to hold. */
import { addBusinessDays } from '../../analysis/business-days.js';
import { minimumDaysAfter } from '../../analysis/earliest.js';
import type { PathCriterion, PathStep } from '../../analysis/minimal-path.js';
import { nextStep, type DealHistory, type NextStepBlocked } from '../../analysis/next-step.js';
import type { ChalkInstance } from 'chalk';
import { SpxError } from '../../model/errors.js';
import type { Process } from '../../model/types.js';
import { calendarToday, isoDate, parseDateOption } from '../dates.js';
import { chalkFor, type Io } from '../io.js';
import { pathStepsTable, wrapList } from '../table.js';
import { days, probability, quantity } from '../numbers.js';
import { loadConfig, loadValidProcesses } from '../valid-processes.js';

export interface NextOptions {
  readonly file: string;
  readonly at: string;
  readonly involved?: string;
  readonly completed?: string;
  readonly date?: string;
  readonly by: PathCriterion;
  readonly format: 'text' | 'json';
  readonly config?: string;
  readonly color?: boolean;
}

export function nextCommand(options: NextOptions, io: Io): number {
  const [loaded] = loadValidProcesses([options.file], io, loadConfig(io, options));
  const { file, process } = loaded!;
  const involved = list(options.involved);
  const completed = list(options.completed);
  checkIds(process, options.at, involved, completed);
  const date = options.date === undefined ? calendarToday(io.now(), process.calendar.timeZone) : parseDateOption(options.date, io.now(), process.calendar.timeZone);
  const result = nextStep(process, { at: options.at, involved, completed }, { by: options.by });
  const chalk = chalkFor(io, options.color);

  if (result.kind === 'no-path') {
    const reason = `won cannot be reached from "${options.at}"`;
    if (options.format === 'json') io.stdout(`${JSON.stringify({ file, process: process.name, at: options.at, blocked: null, reason, recovery: null }, null, 2)}\n`);
    else io.stdout(`${chalk.red(`${process.title}: ${reason}`)}\n`);
    return 1;
  }
  if (result.kind === 'blocked') {
    io.stdout(options.format === 'json' ? `${JSON.stringify(blockedJson(file, process, result), null, 2)}\n` : blockedText(file, process, result, chalk));
    return 1;
  }

  const holdBy = addBusinessDays(date, result.within, process.calendar);
  const expectedClose = addBusinessDays(date, result.remainingDays, process.calendar);
  const earliestDays = minimumDaysAfter(process, options.at, result.remaining.map((s) => s.id), result.outcome);
  const earliestClose = addBusinessDays(date, earliestDays, process.calendar);
  const next = result.next;

  if (options.format === 'json') {
    io.stdout(
      `${JSON.stringify(
        {
          file,
          process: process.name,
          version: process.version,
          at: options.at,
          date: isoDate(date),
          history: historyJson(result.history),
          next: next
            ? { id: next.id, title: next.title, owner: next.owner ?? null, sellers: next.sellers, buyers: next.buyers, withinDays: result.within, holdBy: isoDate(holdBy), expectedDays: next.expectedDays }
            : null,
          winProbability: result.winProbability,
          qualifiedWinProbability: result.qualifiedWinProbability,
          remainingPath: {
            by: result.by,
            steps: result.remaining.map(stepJson),
            count: result.remainingCount,
            expectedDays: result.remainingDays,
            gapToOutcome: result.gapToOutcome,
            minimumDays: earliestDays,
            probability: result.probability,
          },
          expectedCloseDate: isoDate(expectedClose),
          earliestCloseDate: isoDate(earliestClose),
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }

  const lines = [`${chalk.bold(process.title)} ${chalk.dim(`(${process.name} ${process.version}, ${file})`)}`];
  lines.push(...historyLines(result.history));
  if (next) {
    lines.push(
      `  next step: ${chalk.bold(`${next.title} (${next.id})`)}`,
      `    hold it by ${chalk.bold(isoDate(holdBy))} (within ${result.within.toFixed(1)} business days of ${isoDate(date)})`,
      ...wrapList('    our side: ', next.sellers),
      ...wrapList('    buyer side: ', next.buyers),
      '    book it before this meeting ends: a step without a date leaves the deal with the prospect',
    );
  } else {
    lines.push(`  next: ${chalk.bold(result.outcome)} — the deal closes after "${options.at}" (by ${isoDate(holdBy)})`);
  }
  lines.push(
    `  remaining path (by ${result.by}): ${quantity(result.remainingCount, 'step')}, ${days(result.remainingDays)} expected`,
    `  win probability from here (exact, every way the deal can go): ${probability(result.winProbability)}`,
    ...([...process.outcomes.values()].some((o) => o.result === 'disqualified')
      ? [`    if it turns out to be an opportunity (does not end disqualified): ${probability(result.qualifiedWinProbability)}`]
      : []),
    `  probability of this path alone: ${probability(result.probability)}`,
    `  expected close ${chalk.bold(isoDate(expectedClose))} · earliest close ${isoDate(earliestClose)} (every step at its minimum)`,
  );
  let text = `${lines.join('\n')}\n`;
  if (result.remaining.length > 0) {
    text += `${pathStepsTable(result.remaining, { gap: result.gapToOutcome, outcome: result.outcome })}\n`;
  }
  io.stdout(text);
  return 0;
}

function stepJson(s: PathStep) {
  return { id: s.id, title: s.title, owner: s.owner ?? null, sellers: s.sellers, buyers: s.buyers, expectedDays: s.expectedDays, gapBefore: s.gapBefore };
}

function historyJson(history: DealHistory) {
  return { guaranteed: history.guaranteed, completed: history.completed, involved: history.involved };
}

/** What the deal is taken to have done: the guaranteed part named, so nobody wonders where it came from. */
function historyLines(history: DealHistory): string[] {
  if (history.guaranteed.completed.length === 0) return [];
  return [
    ...wrapList('  every path here passes: ', history.guaranteed.completed),
    ...wrapList('    so these buyer roles took part: ', history.guaranteed.involved),
  ];
}

/** The flags that would record each missing gate fact, had it happened. */
function recordFlags(blocked: NextStepBlocked['blocked']): string[] {
  const flags: string[] = [];
  if (blocked.missingInvolved.length > 0) flags.push(`--involved ${blocked.missingInvolved.join(',')}`);
  if (blocked.missingCompleted.length > 0) flags.push(`--completed ${blocked.missingCompleted.join(',')}`);
  return flags;
}

function missingText(blocked: NextStepBlocked['blocked']): string {
  return [...blocked.missingInvolved.map((r) => `role ${r}`), ...blocked.missingCompleted.map((s) => `step ${s}`)].join(', ');
}

function blockedJson(file: string, process: Process, result: NextStepBlocked) {
  const { recovery } = result;
  return {
    file,
    process: process.name,
    at: result.at,
    history: historyJson(result.history),
    blocked: result.blocked,
    reason: `no way forward from "${result.at}" meets the gate of "${result.blocked.askStep}": missing ${missingText(result.blocked)}`,
    recordWith: recordFlags(result.blocked),
    recovery: recovery
      ? { by: recovery.by, steps: recovery.steps.map(stepJson), count: recovery.count, expectedDays: recovery.expectedDays, gapToOutcome: recovery.gapToOutcome, probability: recovery.probability, outcome: recovery.outcome }
      : null,
  };
}

function blockedText(file: string, process: Process, result: NextStepBlocked, chalk: ChalkInstance): string {
  const { recovery, blocked } = result;
  const lines = [`${chalk.bold(process.title)} ${chalk.dim(`(${process.name} ${process.version}, ${file})`)}`, ...historyLines(result.history)];
  lines.push(
    chalk.red(`  no way forward from "${result.at}" meets the gate of "${blocked.askStep}"`),
    ...wrapList('    missing: ', [...blocked.missingInvolved.map((r) => `role ${r}`), ...blocked.missingCompleted.map((s) => `step ${s}`)]),
    `  if it did happen, record it: spx next … ${recordFlags(blocked).join(' ')}`,
  );
  if (!recovery) {
    lines.push(chalk.red('  no way back meets the gate either: the process cannot be won from here'));
    return `${lines.join('\n')}\n`;
  }
  const first = recovery.steps[0]!;
  lines.push(
    `  recovery, the shortest way back that meets the gate (by ${recovery.by}):`,
    `    hold ${chalk.bold(`${first.title} (${first.id})`)}${first.buyers.length > 0 ? ` with ${first.buyers.join(', ')}` : ''} next`,
    `    then ${quantity(recovery.count, 'step')} in all, ${days(recovery.expectedDays)} expected, probability of this path ${probability(recovery.probability)}`,
  );
  return `${lines.join('\n')}\n${pathStepsTable(recovery.steps, { gap: recovery.gapToOutcome, outcome: recovery.outcome })}\n`;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function checkIds(process: Process, at: string, involved: readonly string[], completed: readonly string[]): void {
  const steps = [...process.steps.keys()].join(', ');
  if (process.outcomes.has(at)) throw new SpxError('E_UNKNOWN_STEP', `--at ${at} is an outcome, not a step; a deal at an outcome has no next step (steps: ${steps})`);
  if (!process.steps.has(at)) throw new SpxError('E_UNKNOWN_STEP', `--at ${at}: no such step in ${process.name} (steps: ${steps})`);
  for (const role of involved) {
    if (process.buyerRoles.has(role)) continue;
    const hint = process.sellerRoles.has(role) ? 'is a seller role; --involved takes buyer roles' : 'is not a role of this process';
    throw new SpxError('E_UNKNOWN_ROLE', `--involved ${role} ${hint} (buyer roles: ${[...process.buyerRoles.keys()].join(', ')})`);
  }
  for (const step of completed) {
    if (!process.steps.has(step)) throw new SpxError('E_UNKNOWN_STEP', `--completed ${step}: no such step in ${process.name} (steps: ${steps})`);
  }
}
