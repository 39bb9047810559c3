/** One segment's process from the founder's answers: the step plan, its exact model, and the commented YAML. */
import { computeMetrics } from '../analysis/metrics.js';
import { minimalPath } from '../analysis/minimal-path.js';
import { REPORT_HINT, SpxError } from '../model/errors.js';
import { loadProcess } from '../model/process-file.js';
import type { DocPath, Process, StepKind } from '../model/types.js';
import { describeGapSources, findCoverageGaps, findOverlaps, namedSources, type SegmentEntry } from '../analysis/segment-intervals.js';
import {
  BUYER_ROLES,
  ENTERPRISE_COMMITTEE,
  ROLE_INFO,
  SEGMENT_INFO,
  SEGMENTS,
  type BuyerRoleId,
  type CalendarAnswers,
  type SegmentAnswers,
  type SegmentId,
} from './answers.js';
import { renderYaml, type Comment } from './yaml-text.js';


/** The comments above `start` and `steps` of every scaffolded process (segments and templates alike). */
export const START_AND_STEPS_COMMENTS: readonly Comment[] = [
  { path: ['start'], before: 'Every deal starts here.', blankBefore: true },
  {
    path: ['steps'],
    before:
      'The steps in reading order. Each names who runs it, who takes part on the buyer side, what must be true to move on, and what happens next: the odds (p) and the agreed gap (`within`, business days). Durations are three-point estimates { min, likely, max }.',
    blankBefore: true,
  },
];
/** Where `spx init` points the editor: the schema of the spx installed in the project, relative to processes/. */
export const SCHEMA_MODELINE = '# yaml-language-server: $schema=../node_modules/spx/schemas/process.schema.json';

/** Business days: a fixed number or a three-point estimate. */
type Estimate = number | { readonly min: number; readonly likely: number; readonly max: number };
type SellerRoleId = 'ae' | 'se' | 'counsel';

const SELLER_TITLES: Readonly<Record<SellerRoleId, string>> = {
  ae: 'Account executive',
  se: 'Solutions engineer',
  counsel: 'Deal desk / counsel',
};

/** How a role reads inside a sentence ("Proposal to the economic buyer"). */
const IN_SENTENCE: Readonly<Record<BuyerRoleId, string>> = {
  owner: 'the owner',
  champion: 'the champion',
  'economic-buyer': 'the economic buyer',
  users: 'the users',
  it: 'IT',
  security: 'security',
  legal: 'legal',
  procurement: 'procurement',
  finance: 'finance',
};

interface TrackPlan {
  readonly id: 'security' | 'legal' | 'procurement';
  readonly title: string;
  readonly owner: SellerRoleId;
  readonly with: readonly BuyerRoleId[];
  readonly duration: Estimate;
  readonly description: string;
  readonly exit: string;
}

/** A step before it becomes YAML; probabilities are whole percents so they sum to exactly 100. */
interface StepPlan {
  readonly id: string;
  readonly title: string;
  readonly kind: StepKind;
  readonly description: string;
  /** The comment above the step: why it is there. */
  readonly why: string;
  readonly owner: SellerRoleId;
  with: BuyerRoleId[];
  readonly duration?: Estimate;
  readonly parallel?: readonly TrackPlan[];
  readonly exitCriteria: readonly string[];
  /** To the next step, or to won from the ask. */
  readonly advance: { readonly percent: number; readonly within: Estimate };
  readonly loop?: { readonly percent: number; readonly within: Estimate; readonly description: string };
  readonly lostReason: string;
  readonly ask?: boolean;
}

/** The roles a segment's process involves, and those added to what the founder picked (with why). */
export interface ResolvedRoles {
  readonly roles: readonly BuyerRoleId[];
  readonly added: readonly { readonly role: BuyerRoleId; readonly why: string }[];
}

/**
 * The picked roles plus the ones the other answers imply: the decision maker; for enterprise the whole
 * committee (segment-expectations expects it, and enterprise deals involve it even without a formal review);
 * someone to run each review that happens.
 */
export function resolveRoles(segment: SegmentId, answers: SegmentAnswers): ResolvedRoles {
  const picked = new Set(answers.roles);
  const roles = new Set(answers.roles);
  const added: { role: BuyerRoleId; why: string }[] = [];
  const add = (role: BuyerRoleId, why: string) => {
    if (roles.has(role)) return;
    roles.add(role);
    if (!picked.has(role)) added.push({ role, why });
  };
  add(answers.decisionMaker, 'the decision maker');
  if (segment === 'enterprise') for (const role of ENTERPRISE_COMMITTEE) add(role, 'part of every enterprise buying committee');
  if (answers.securityReview && !roles.has('security') && !roles.has('it')) add('security', 'the security review needs a reviewer');
  if (answers.legalReview) add('legal', 'the legal review needs a reviewer');
  if (answers.procurement && !roles.has('procurement') && !roles.has('finance')) add('procurement', 'the procurement step needs a buyer');
  return { roles: BUYER_ROLES.filter((r) => roles.has(r)), added };
}

/** The step plan for a segment: the bundled process's shape and estimates, bent by the answers. */
function planSteps(segment: SegmentId, answers: SegmentAnswers, roles: readonly BuyerRoleId[]): StepPlan[] {
  const has = (role: BuyerRoleId) => roles.includes(role);
  const only = (...wanted: (BuyerRoleId | false)[]) => unique(wanted.filter((r): r is BuyerRoleId => r !== false && has(r)));
  const dm = answers.decisionMaker;
  const dmName = IN_SENTENCE[dm];
  const smb = segment === 'smb';
  const enterprise = segment === 'enterprise';
  const steps: StepPlan[] = [];

  const discoveryWith = smb ? only(dm, 'champion') : has('champion') ? ['champion' as const] : [dm];
  steps.push({
    id: 'discovery',
    title: smb ? 'Discovery call' : 'Discovery',
    kind: 'discovery',
    description: smb
      ? 'A 30-minute call to confirm the problem, its cost, and that we can solve it.'
      : enterprise
        ? 'Pain, impact and the buying committee; repeats while more of the committee needs mapping.'
        : 'Understand the problem, its cost, how they buy and who decides.',
    why: 'Qualify early: most deals that will not close should be lost here, cheaply.',
    owner: 'ae',
    with: discoveryWith,
    duration: smb ? { min: 1, likely: 1, max: 3 } : enterprise ? { min: 3, likely: 5, max: 15 } : { min: 3, likely: 5, max: 10 },
    exitCriteria: [
      `Problem and its cost confirmed by ${IN_SENTENCE[discoveryWith[0]!]}`,
      enterprise ? 'Buying committee and decision process mapped' : `Who decides (${dmName}) and how they buy is known`,
      enterprise ? 'Demos booked with each team' : 'Demo booked with the people who will use the product',
    ],
    advance: smb ? { percent: 70, within: { min: 1, likely: 2, max: 5 } } : enterprise ? { percent: 50, within: { min: 3, likely: 5, max: 10 } } : { percent: 65, within: { min: 2, likely: 3, max: 7 } },
    ...(enterprise ? { loop: { percent: 20, within: { min: 2, likely: 5, max: 10 }, description: 'More of the committee to meet' } } : {}),
    lostReason: 'not-qualified',
  });

  const securityInDemo = has('security') && !answers.securityReview;
  const demo: StepPlan = {
    id: enterprise ? 'solution-demos' : 'demo',
    title: enterprise ? 'Demos for each team' : 'Demo',
    kind: 'demo',
    description: securityInDemo
      ? 'Show the workflows that solve the problem, how the product fits their stack, and how we protect their data.'
      : 'Show the workflows that solve the problem and how the product fits their stack.',
    why: securityInDemo
      ? 'Present the value to everyone who uses or runs the product. No separate security review was chosen, so security joins the demo: their questions get answered here.'
      : 'Present the value to everyone who will use or run the product.',
    owner: smb ? 'ae' : 'se',
    with: only(smb && dm, 'champion', 'users', 'it', securityInDemo && 'security'),
    duration: smb ? 1 : enterprise ? { min: 5, likely: 10, max: 20 } : { min: 1, likely: 3, max: 5 },
    exitCriteria: [
      'Everyone in the demo agrees the product solves the problem',
      ...(securityInDemo ? ['Security questions answered'] : []),
      answers.trial ? `Success criteria for the ${smb ? 'trial' : 'pilot'} agreed` : 'Next meeting booked',
    ],
    advance: smb ? { percent: 75, within: { min: 0, likely: 1, max: 3 } } : enterprise ? { percent: 65, within: { min: 3, likely: 5, max: 10 } } : { percent: 80, within: { min: 1, likely: 2, max: 5 } },
    ...(enterprise ? { loop: { percent: 10, within: { min: 3, likely: 5, max: 10 }, description: 'Another team asks for its own demo' } } : {}),
    lostReason: 'no-fit',
  };
  steps.push(demo);

  if (answers.trial) {
    const trialWith = only('users', 'it');
    const withRoles: BuyerRoleId[] = trialWith.length > 0 ? trialWith : has('champion') ? ['champion'] : [dm];
    steps.push({
      id: smb ? 'trial' : 'technical-validation',
      title: smb ? 'Free trial' : 'Pilot (technical validation)',
      kind: 'trial',
      description: smb
        ? 'The team uses the product on real work; we check in midway.'
        : "A time-boxed pilot in the buyer's environment against the agreed success criteria.",
      why: 'Let the buyer prove the value to themselves before the ask.',
      owner: smb ? 'ae' : 'se',
      with: withRoles,
      duration: smb ? { min: 5, likely: 10, max: 14 } : enterprise ? { min: 10, likely: 20, max: 40 } : { min: 10, likely: 15, max: 30 },
      exitCriteria: [`Success criteria met and confirmed by ${withRoles.map((r) => IN_SENTENCE[r]).join(' and ')}`],
      advance: smb ? { percent: 65, within: { min: 1, likely: 2, max: 5 } } : enterprise ? { percent: 80, within: { min: 2, likely: 5, max: 10 } } : { percent: 80, within: { min: 1, likely: 2, max: 5 } },
      lostReason: smb ? 'trial-not-adopted' : 'failed-validation',
    });
  }

  const tracks: TrackPlan[] = [];
  if (answers.securityReview) {
    tracks.push({
      id: 'security',
      title: smb || !enterprise ? 'Security questionnaire' : 'Security review',
      owner: smb ? 'ae' : 'se',
      with: only('security', 'it'),
      duration: smb ? { min: 2, likely: 5, max: 10 } : enterprise ? { min: 10, likely: 20, max: 45 } : { min: 5, likely: 10, max: 20 },
      description: enterprise ? 'Security questionnaire, architecture review, pen-test report.' : "The buyer's vendor security questionnaire.",
      exit: 'Security approved',
    });
  }
  if (answers.legalReview) {
    tracks.push({
      id: 'legal',
      title: 'Legal review',
      owner: enterprise ? 'counsel' : 'ae',
      with: ['legal'],
      duration: smb ? { min: 1, likely: 3, max: 10 } : enterprise ? { min: 5, likely: 10, max: 30 } : { min: 3, likely: 5, max: 15 },
      description: 'Contract and data-processing terms redlined and agreed.',
      exit: 'Contract terms agreed',
    });
  }
  if (answers.procurement) {
    tracks.push({
      id: 'procurement',
      title: 'Procurement',
      owner: 'ae',
      with: only('procurement', 'finance'),
      duration: smb ? { min: 1, likely: 2, max: 5 } : enterprise ? { min: 5, likely: 8, max: 20 } : { min: 3, likely: 5, max: 10 },
      description: 'Vendor onboarding, pricing and payment terms.',
      exit: 'Vendor set up and pricing accepted',
    });
  }
  if (tracks.length > 0) {
    const advance = enterprise ? { percent: 85, within: { min: 2, likely: 3, max: 5 } } : { percent: 90, within: { min: 1, likely: 2, max: 5 } };
    const why = 'The buyer checks us before they can sign; this step joins the gate of the ask.';
    if (tracks.length === 1) {
      const track = tracks[0]!;
      steps.push({
        id: track.id === 'procurement' ? 'procurement' : `${track.id}-review`,
        title: track.title,
        kind: 'review',
        description: track.description,
        why,
        owner: track.owner,
        with: [...track.with],
        duration: track.duration,
        exitCriteria: [track.exit],
        advance,
        lostReason: 'failed-review',
      });
    } else {
      const names = tracks.map((t) => (t.id === 'procurement' ? 'procurement' : t.id));
      steps.push({
        id: 'reviews',
        title: `${capitalize(listWords(names))} reviews`,
        kind: 'review',
        description: 'The reviews run at the same time; the step ends when all of them are done.',
        why: 'The buyer checks us before they can sign: the reviews run in parallel (the step lasts as long as the slowest) and join the gate of the ask.',
        owner: 'ae',
        with: [],
        parallel: tracks,
        exitCriteria: tracks.map((t) => t.exit),
        advance,
        lostReason: 'failed-review',
      });
    }
  }

  const commercialInProposal = !answers.procurement;
  if (!smb) {
    steps.push({
      id: enterprise ? 'executive-alignment' : 'proposal',
      title: enterprise ? 'Executive alignment' : `Proposal to ${dmName}`,
      kind: 'proposal',
      description: enterprise
        ? `Present the business case and the agreed terms to ${dmName}.`
        : `Present the business case and the commercial proposal to ${dmName}.`,
      why: `Meet ${dmName}, who decides, before asking for the business.`,
      owner: 'ae',
      with: only(dm, 'economic-buyer', 'champion', commercialInProposal && 'finance', commercialInProposal && 'procurement'),
      duration: enterprise ? { min: 2, likely: 5, max: 10 } : { min: 3, likely: 5, max: 10 },
      exitCriteria: [`${capitalize(dmName)} confirms budget, ${enterprise ? 'terms' : 'scope'} and ${enterprise ? 'signature' : 'decision'} date`],
      advance: enterprise ? { percent: 90, within: { min: 1, likely: 2, max: 5 } } : { percent: 75, within: { min: 2, likely: 3, max: 7 } },
      lostReason: enterprise ? 'no-decision' : 'no-budget',
    });
  }

  const legalAtAsk = has('legal') && !answers.legalReview;
  const askWith = only(dm, legalAtAsk && 'legal', smb && commercialInProposal && 'finance', smb && commercialInProposal && 'procurement');
  steps.push({
    id: smb ? 'closing-call' : enterprise ? 'contract' : 'negotiation',
    title: smb ? `Closing conversation with ${dmName}` : enterprise ? 'Ask for the signed contract' : 'Negotiation and ask for the order form',
    kind: segment === 'mid-market' ? 'negotiation' : 'close',
    description: smb ? `Review the results with ${dmName} and ask for the business.` : `Agree the last terms and ask ${dmName} for the signature.`,
    why: 'Ask for the business only here, once the gate below is met.',
    owner: 'ae',
    with: askWith,
    duration: smb ? 1 : enterprise ? { min: 2, likely: 5, max: 15 } : { min: 5, likely: 10, max: 20 },
    exitCriteria: [smb ? 'Order form signed or subscription started' : enterprise ? 'Contract signed' : 'Order form signed'],
    advance: smb ? { percent: 80, within: { min: 0, likely: 1, max: 3 } } : enterprise ? { percent: 85, within: { min: 1, likely: 3, max: 10 } } : { percent: 80, within: { min: 1, likely: 3, max: 5 } },
    lostReason: 'no-decision',
    ask: true,
  });

  // Every picked role takes part somewhere: the ones no step above claims join the demo, and a demo
  // nobody was picked for still shows the product to the decision maker.
  const involved = new Set(steps.flatMap((s) => [...s.with, ...(s.parallel ?? []).flatMap((t) => t.with)]));
  demo.with = unique([...demo.with, ...roles.filter((r) => !involved.has(r))]);
  if (demo.with.length === 0) demo.with = [dm];
  return steps;
}

/**
 * The employee range of each chosen segment: its own range, whatever else is chosen. A segment left out is not
 * absorbed by a neighbour (SMB is not stretched to 999 employees when mid-market is missing): the gap stays
 * visible, as {@link coverageGaps} and lint's segment-gap report it.
 */
export function employeeRanges(segments: readonly SegmentId[]): Map<SegmentId, { min?: number; max?: number }> {
  return new Map(segments.map((segment) => [segment, { ...SEGMENT_INFO[segment].employees }]));
}

/**
 * The head counts no chosen segment covers, one sentence each, exactly as `spx lint` (segment-gap) will find
 * them in the scaffolded files together: none for one segment (there is nothing to tile with) or for all three.
 */
export function coverageGaps(segments: readonly SegmentId[]): string[] {
  return coverageWarnings(segments.map((segment) => ({ name: segment, employees: SEGMENT_INFO[segment].employees })));
}

/** Who a scaffolded process is for: its name, head-count range and lead sources (absent: any). */
export interface ScaffoldedScope {
  readonly name: string;
  readonly employees: { readonly min?: number; readonly max?: number };
  readonly sources?: readonly string[];
}

/**
 * What lint's segment-gap and segment-overlap will report about scaffolded processes linted together, one
 * sentence each, found with the same interval analysis the rules use: head counts no process covers, and pairs
 * of processes that match the same prospects.
 */
export function coverageWarnings(scopes: readonly ScaffoldedScope[]): string[] {
  const entries: SegmentEntry[] = scopes.map((scope) => ({
    name: scope.name,
    file: `processes/${scope.name}.yaml`,
    appliesTo: {
      employees: { min: scope.employees.min, max: scope.employees.max },
      arr: undefined,
      industries: ['any'],
      regions: ['any'],
      sources: scope.sources ? [...scope.sources] : ['any'],
    },
  }));
  const named = namedSources(entries);
  const gaps = findCoverageGaps(entries).map((gap) => {
    const employees = describeEmployees({ min: gap.lo, ...(gap.hi === Infinity ? {} : { max: gap.hi }) });
    const missing = SEGMENTS.filter((s) => covers(SEGMENT_INFO[s].employees, gap.lo)).map((s) => SEGMENT_INFO[s].label);
    // Where a motion template covers these head counts for its own sources, the gap is the leads from other sources.
    const forSomeSources = scopes.some((scope) => scope.sources !== undefined && covers(scope.employees, gap.lo));
    const why = forSomeSources ? `leads from ${describeGapSources(gap.sources, named)}` : `${listWords(missing)} not chosen`;
    return `no process covers ${employees} (${why}); spx lint reports segment-gap until you add a process for them or widen a neighbour's appliesTo.employees`;
  });
  const overlaps = findOverlaps(entries).map(({ first, second }) => {
    const [a, b] = [scopes[first]!, scopes[second]!];
    return `${a.name} (${describeEmployees(a.employees)}) and ${b.name} (${describeEmployees(b.employees)}) match the same prospects; spx lint reports segment-overlap until you make their appliesTo disjoint`;
  });
  return [...gaps, ...overlaps];
}

function covers(range: { min?: number; max?: number }, count: number): boolean {
  return (range.min ?? 1) <= count && count <= (range.max ?? Infinity);
}

/** "1–49 employees", "1,000+ employees", "any head count". */
export function describeEmployees(range: { min?: number; max?: number }): string {
  const { min, max } = range;
  if (max !== undefined) return `${thousands(min ?? 1)}–${thousands(max)} employees`;
  if (min !== undefined) return `${thousands(min)}+ employees`;
  return 'any head count';
}

/**
 * What init says when a target cycle the founder gave is kept although the model misses it: the exact number
 * lint's target-missed will report. Empty when the model meets the target or none was given.
 */
export function targetWarnings(name: string, wanted: number | undefined, model: SegmentModel): string[] {
  if (wanted === undefined || model.expectedCycleWon <= wanted) return [];
  const [expected, target] = distinct(model.expectedCycleWon, wanted);
  return [
    `${name}: target cycle ${target} business days kept as you gave it; the process as scaffolded gives E[cycle | won] = ${expected}, so spx lint reports target-missed until you shorten the steps or calibrate their durations`,
  ];
}

/** The comment after `targets.cycleDays`: where the number comes from, and what the model gives. */
export function cycleTargetNote(wanted: number | undefined, model: SegmentModel): string {
  if (wanted === undefined) return `model: E[cycle | won] ≈ ${round1(model.expectedCycleWon)} business days, plus 10%`;
  if (model.expectedCycleWon <= wanted) return `your target; model: E[cycle | won] ≈ ${round1(model.expectedCycleWon)}`;
  return `your target; the estimates give ${distinct(model.expectedCycleWon, wanted)[0]}, over it: spx lint reports target-missed until you shorten the steps or calibrate their durations`;
}

/** The exact model of a scaffolded process, as the header comment and the targets report it. */
export interface SegmentModel {
  readonly winRate: number;
  readonly expectedCycleWon: number;
  readonly minimalPath: readonly string[];
  /** The target cycle written: the founder's when given (even one the model misses), else the model plus 10%. */
  readonly cycleDays: number;
  readonly winRateTarget: number;
}

export interface SegmentFile {
  readonly segment: SegmentId;
  readonly path: string;
  readonly contents: string;
  readonly model: SegmentModel;
  /** Things the founder should know: roles added. */
  readonly notes: readonly string[];
  /** What `spx lint` will report about this file because an answer was kept as given: a target the model misses. */
  readonly warnings: readonly string[];
}

export interface SegmentContext {
  readonly company: string;
  readonly calendar: CalendarAnswers;
  readonly employees: { min?: number; max?: number };
  /** Chosen segments, for the comment explaining the range. */
  readonly chosen: readonly SegmentId[];
}

/** Builds `processes/<segment>.yaml`. Pure; throws an internal SpxError only if the plan were invalid. */
export function scaffoldSegment(segment: SegmentId, answers: SegmentAnswers, context: SegmentContext): SegmentFile {
  const { roles, added } = resolveRoles(segment, answers);
  const steps = planSteps(segment, answers, roles);
  const data = processData(segment, answers, roles, steps, context, undefined);
  const model = modelOf(segment, data, answers.cycleDays);
  const notes: string[] = groupAdded(added).map(({ roles: ids, why }) => `${segment}: added buyer ${ids.length === 1 ? 'role' : 'roles'} ${listWords(ids)} (${why})`);
  const warnings = targetWarnings(segment, answers.cycleDays, model);
  const final = processData(segment, answers, roles, steps, context, model);
  const contents = renderYaml(final, {
    header: header(segment, answers, steps, context, model),
    flow: isFlow,
    comments: comments(segment, answers, steps, context, model, added),
  });
  return { segment, path: `processes/${segment}.yaml`, contents, model, notes, warnings };
}

/**
 * The exact numbers of a segment's process for these answers: what the wizard offers as the default target
 * before asking for it.
 */
export function estimateSegment(segment: SegmentId, answers: SegmentAnswers, calendar: CalendarAnswers): SegmentModel {
  const { roles } = resolveRoles(segment, answers);
  const steps = planSteps(segment, answers, roles);
  const context: SegmentContext = { company: 'x', calendar, employees: SEGMENT_INFO[segment].employees, chosen: [segment] };
  return modelOf(segment, processData(segment, answers, roles, steps, context, undefined), answers.cycleDays);
}

/** The exact model of a scaffolded process's data (named `name` in errors), with the target cycle to write. */
export function modelOf(name: string, data: Record<string, unknown>, wanted: number | undefined): SegmentModel {
  const process = loadPlain(name, data);
  const metrics = computeMetrics(process);
  const cycle = metrics.expectedCycleWon;
  const path = minimalPath(process, { by: 'steps' });
  if (cycle === undefined || !Number.isFinite(cycle) || path.kind !== 'path') {
    throw new SpxError('E_INTERNAL', `the scaffold for ${name} cannot be won; ${REPORT_HINT}`);
  }
  // The founder's target is kept as given, even one the model misses (target-missed then says so, and init warns);
  // without one, the model plus 10% (like the bundled processes).
  const cycleDays = wanted ?? Math.ceil(cycle * 1.1);
  // 90% of the model's win rate, rounded down to a whole percent: always at or below the model.
  const winRateTarget = Math.floor(metrics.winRate * 90) / 100;
  return { winRate: metrics.winRate, expectedCycleWon: cycle, minimalPath: path.steps.map((s) => s.id), cycleDays, winRateTarget };
}

function loadPlain(segment: string, data: Record<string, unknown>): Process {
  const loaded = loadProcess(`${segment}.yaml`, renderYaml(data, {}));
  if (!loaded.process) {
    const first = loaded.diagnostics[0];
    throw new SpxError('E_INTERNAL', `the scaffold for ${segment} is not a valid process (${first?.message ?? 'unknown'}); ${REPORT_HINT}`);
  }
  return loaded.process;
}

function processData(
  segment: SegmentId,
  answers: SegmentAnswers,
  roles: readonly BuyerRoleId[],
  steps: readonly StepPlan[],
  context: SegmentContext,
  model: SegmentModel | undefined,
): Record<string, unknown> {
  const sellers = unique(steps.flatMap((s) => [s.owner, ...(s.parallel ?? []).map((t) => t.owner)]));
  const ask = steps[steps.length - 1]!;
  const before = steps.slice(0, -1);
  const involvedBefore = new Set(before.flatMap((s) => [...s.with, ...(s.parallel ?? []).flatMap((t) => t.with)]));
  return {
    apiVersion: 'spx/v1',
    kind: 'SalesProcess',
    metadata: {
      name: segment,
      title: `${context.company} — ${SEGMENT_INFO[segment].label} (${describeEmployees(context.employees)})`,
      version: '0.1.0',
      segment,
      description: `How ${context.company} sells to ${audience(segment)}, in ${steps.length} steps — ${steps.map((s) => lowerFirst(s.title)).join(' → ')}. Typical deal size ${thousands(answers.dealSize)} a year.`,
    },
    appliesTo: { employees: context.employees, industries: ['any'] },
    ...(model ? { targets: { cycleDays: model.cycleDays, winRate: model.winRateTarget } } : {}),
    calendar: { workdays: [...context.calendar.workdays], holidays: [...context.calendar.holidays] },
    roles: {
      seller: Object.fromEntries(sellers.map((id) => [id, SELLER_TITLES[id]])),
      buyer: Object.fromEntries(
        roles.map((id) => [
          id,
          id === answers.decisionMaker
            ? { title: ROLE_INFO[id].title, decisionMaker: true, description: ROLE_INFO[id].description }
            : { title: ROLE_INFO[id].title, description: ROLE_INFO[id].description },
        ]),
      ),
    },
    start: steps[0]!.id,
    steps: Object.fromEntries(
      steps.map((step, i) => {
        const next = steps[i + 1];
        const lostPercent = 100 - step.advance.percent - (step.loop?.percent ?? 0);
        const transitions: Record<string, unknown>[] = [
          { to: next ? next.id : 'won', p: step.advance.percent / 100, within: step.advance.within },
          ...(step.loop ? [{ to: step.id, p: step.loop.percent / 100, within: step.loop.within, description: step.loop.description }] : []),
          { to: 'lost', p: lostPercent / 100, reason: step.lostReason },
        ];
        const body: Record<string, unknown> = {
          title: step.title,
          kind: step.kind,
          description: step.description,
          ...(step.ask ? { ask: true } : {}),
          owner: step.owner,
          ...(step.parallel
            ? {
                parallel: Object.fromEntries(
                  step.parallel.map((t) => [t.id, { owner: t.owner, with: [...t.with], duration: t.duration, description: t.description }]),
                ),
              }
            : { with: [...step.with], duration: step.duration }),
          ...(step.ask
            ? {
                requires: {
                  involved: roles.filter((r) => involvedBefore.has(r)),
                  completed: before.slice(1).map((s) => s.id),
                },
              }
            : {}),
          exitCriteria: [...step.exitCriteria],
          next: transitions,
        };
        return [step.id, body];
      }),
    ),
    outcomes: {
      won: { result: 'won', description: 'Signed customer.' },
      lost: { result: 'lost', description: 'Closed without a sale; the transition says why.' },
    },
    crm: { stages: hubspotStages(steps) },
  };
}

/**
 * HubSpot's default sales pipeline mapped onto the steps: the first step is the appointment, the two stages before
 * a presentation both record the demo, the steps between the demo and the ask are the decision maker buying in,
 * and the ask is the contract sent. With nothing in between, the ask records both of the last two stages.
 */
function hubspotStages(steps: readonly StepPlan[]): Record<string, string | string[]> {
  const ask = steps[steps.length - 1]!.id;
  const between = steps.slice(2, -1).map((s) => s.id);
  return {
    appointmentscheduled: steps[0]!.id,
    qualifiedtobuy: steps[1]!.id,
    presentationscheduled: steps[1]!.id,
    decisionmakerboughtin: between.length === 0 ? ask : between.length === 1 ? between[0]! : between,
    contractsent: ask,
    closedwon: 'won',
    closedlost: 'lost',
  };
}

/** Small leaves are written inline; steps, tracks and exit criteria stay in block style. */
export function isFlow(path: DocPath, value: unknown): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (Array.isArray(value)) return last !== 'exitCriteria' && last !== 'next';
  if (typeof value !== 'object' || value === null) return false;
  if (parent === 'next' || last === 'duration' || last === 'within' || last === 'employees') return true;
  return parent === 'buyer' || parent === 'outcomes';
}

function header(segment: SegmentId, answers: SegmentAnswers, steps: readonly StepPlan[], context: SegmentContext, model: SegmentModel): string {
  const story = {
    smb: `Small businesses buy fast and ${IN_SENTENCE[answers.decisionMaker]} decides: keep the steps few. Adding steps here only makes the cycle longer.`,
    'mid-market':
      answers.decisionMaker !== 'champion' && steps.some((s) => s.with.includes('champion'))
        ? `A champion brings us in, but ${IN_SENTENCE[answers.decisionMaker]} decides and signs.`
        : `${capitalize(IN_SENTENCE[answers.decisionMaker])} decides and signs; we meet them before we ask.`,
    enterprise: `A buying committee decides: discovery continues while we map it, several demos for the teams involved, and the ask comes only once every stakeholder took part.`,
  }[segment];
  return [
    SCHEMA_MODELINE.slice(2),
    'The schema path above is relative to this file: it resolves once spx is installed in this project (npm install --save-dev spx), and editors with the YAML language server then complete and check every field.',
    '',
    `${context.company} — ${SEGMENT_INFO[segment].label} sales process, scaffolded by \`spx init\`.`,
    '',
    story,
    `Steps: ${steps.map((s) => s.id).join(' → ')}.`,
    '',
    'Every duration, `within` and probability below is an ASSUMPTION taken from the processes bundled with spx: calibrate them against your own CRM data (stage conversion rates and days in stage). Durations are business days.',
    '',
    'Model (exact, from these estimates):',
    `  win rate ≈ ${model.winRate.toFixed(3)}, E[cycle | won] ≈ ${round1(model.expectedCycleWon)} business days,`,
    `  minimal path: ${model.minimalPath.join(' → ')} (${model.minimalPath.length} steps).`,
    `Check it after every change: spx lint && spx path processes/${segment}.yaml`,
  ].join('\n');
}

function comments(
  segment: SegmentId,
  answers: SegmentAnswers,
  steps: readonly StepPlan[],
  context: SegmentContext,
  model: SegmentModel,
  added: ResolvedRoles['added'],
): Comment[] {
  const missing = (['smb', 'mid-market', 'enterprise'] as const).filter((s) => !context.chosen.includes(s));
  const rangeNote =
    context.chosen.length === 1
      ? `The ${SEGMENT_INFO[segment].label} range; add processes for the other segments when you sell to them.`
      : missing.length > 0
        ? `The ${SEGMENT_INFO[segment].label} range. ${capitalize(listWords(missing.map((s) => SEGMENT_INFO[s].label)))} ${missing.length === 1 ? 'was' : 'were'} not chosen, so no process covers ${listWords(missing.map((s) => describeEmployees(SEGMENT_INFO[s].employees)))}: spx lint reports it (segment-gap) until you add a process for them or widen a neighbouring range.`
        : 'The three segments tile every head count without overlap (lint checks: segment-gap, segment-overlap).';
  const cycleNote = cycleTargetNote(answers.cycleDays, model);
  const addedNote =
    added.length > 0 ? `\nAdded to the roles you picked: ${groupAdded(added).map((g) => `${listWords(g.roles)} (${g.why})`).join('; ')}.` : '';
  const result: Comment[] = [
    { path: ['metadata'], before: 'Who this process is. `version` is the semver of THIS process: bump it with every change (spx diff says by how much).' },
    {
      path: ['appliesTo'],
      before: `Which prospects this process is for, by head count. ${rangeNote}\nTypical deal size: ${thousands(answers.dealSize)} a year. It is kept as a note: to route by deal size too, add \`arr: { min, max }\` here, with ranges that tile across your processes.`,
      blankBefore: true,
    },
    { path: ['targets'], before: 'What the process promises; spx lint (target-missed) warns when the exact model misses them.', blankBefore: true },
    { path: ['targets', 'cycleDays'], after: cycleNote },
    { path: ['targets', 'winRate'], after: `model: ≈ ${model.winRate.toFixed(3)}, minus 10%` },
    { path: ['calendar'], before: 'How business days map to dates (spx next prints dates with it).', blankBefore: true },
    {
      path: ['roles'],
      before: `Seller roles run the steps (\`owner\`); buyer roles take part in them (\`with\`).\n${capitalize(IN_SENTENCE[answers.decisionMaker])} decides (decisionMaker: true).${addedNote}`,
      blankBefore: true,
    },
    ...START_AND_STEPS_COMMENTS,
    ...steps.map((step, i): Comment => ({ path: ['steps', step.id], before: step.why, blankBefore: i > 0 })),
    {
      path: ['steps', steps[steps.length - 1]!.id, 'requires'],
      before: 'The gate: we have earned the right to ask only once these roles took part and these steps happened.',
    },
    { path: ['outcomes'], before: 'Where deals end: won, or lost with the reason on the transition.', blankBefore: true },
    {
      path: ['crm'],
      before: CRM_COMMENT,
      blankBefore: true,
    },
  ];
  return result;
}

/** The comment above a scaffolded `crm` block: what the stage ids are and how to adapt them. */
export const CRM_COMMENT =
  "How deals in your CRM map onto this process, for comparing it with real deal data. The stage names are the internal ids of HubSpot's default sales pipeline: with another CRM or pipeline, replace them with your stage ids or labels exactly as they appear in an export. A stage records one step, a list of steps, or an outcome; a step no stage names is silent. Add `pipeline: <id>` when each process has a pipeline of its own (without it, this process claims every deal). See \"CRM mapping\" in the spx format reference (docs/format.md).";

/** Added roles grouped by why, in the order first added. */
function groupAdded(added: ResolvedRoles['added']): { roles: BuyerRoleId[]; why: string }[] {
  const groups: { roles: BuyerRoleId[]; why: string }[] = [];
  for (const { role, why } of added) {
    const group = groups.find((g) => g.why === why);
    if (group) group.roles.push(role);
    else groups.push({ roles: [role], why });
  }
  return groups;
}

function audience(segment: SegmentId): string {
  return { smb: 'small businesses', 'mid-market': 'mid-market companies', enterprise: 'enterprises' }[segment];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-cases the first letter unless the first word is an acronym ("IT", "SMB"). */
function lowerFirst(text: string): string {
  return /^[A-Z][A-Z]/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Both numbers to one decimal, with more decimals (up to 6) while they would print the same: never "20.2 business
 * days, over the target of 20.2" (lint's target-missed prints them the same way).
 */
function distinct(value: number, target: number): [string, string] {
  let digits = 1;
  while (digits < 6 && Number(value.toFixed(digits)) === Number(target.toFixed(digits))) digits++;
  return [String(Number(value.toFixed(digits))), String(Number(target.toFixed(digits)))];
}

function round1(value: number): number {
  return Number(value.toFixed(1));
}

/** 1000 → "1,000" (locale-independent, so output is the same on every machine). */
export function thousands(value: number): string {
  return Math.round(value)
    .toFixed(0)
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
