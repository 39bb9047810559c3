/** Templates for sales motions beyond company size (MEDDPICC, product-led, partner-sourced): a fixed process shape, the founder's numbers. */
import type { CalendarAnswers, SegmentId, TemplateAnswers, TemplateId } from './answers.js';
import {
  CRM_COMMENT,
  START_AND_STEPS_COMMENTS,
  SCHEMA_MODELINE,
  cycleTargetNote,
  describeEmployees,
  isFlow,
  modelOf,
  targetWarnings,
  thousands,
  type SegmentModel,
} from './process.js';
import { renderYaml, type Comment } from './yaml-text.js';
import { meddpicc } from './templates/meddpicc.js';
import { partner } from './templates/partner.js';
import { plg } from './templates/plg.js';

/** One step of a template: its id, the comment that says why it is there, and its YAML body. */
export interface TemplateStep {
  readonly id: string;
  readonly why: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** A sales motion as a process shape: everything but the company, the calendar and the targets. */
export interface ProcessTemplate {
  readonly id: TemplateId;
  /** `metadata.name` and the file name under processes/. */
  readonly name: string;
  readonly segment: SegmentId;
  /** How the motion reads in titles and in the wizard: "MEDDPICC enterprise". */
  readonly label: string;
  /** One line: what the motion is, for the wizard, `--help` and the file's description. */
  readonly summary: string;
  /** The deal size offered by default (a year). */
  readonly dealSize: number;
  /** The header paragraph: how deals run in this motion. */
  readonly story: string;
  readonly appliesTo: Readonly<Record<string, unknown>> & { readonly employees: { readonly min?: number; readonly max?: number } };
  /** The comment above `appliesTo`: who the process is for. */
  readonly appliesToNote: string;
  readonly roles: {
    readonly seller: Readonly<Record<string, string>>;
    readonly buyer: Readonly<Record<string, { readonly title: string; readonly description: string; readonly decisionMaker?: boolean }>>;
  };
  readonly start: string;
  /** In reading order. */
  readonly steps: readonly TemplateStep[];
  /** HubSpot's default pipeline stages → steps and outcomes. */
  readonly crm: Readonly<Record<string, string | readonly string[]>>;
}

/** Every template, by id. */
export const TEMPLATES: Readonly<Record<TemplateId, ProcessTemplate>> = { meddpicc, plg, partner };

/** One template's file, with its exact model and what lint will report because an answer was kept. */
export interface TemplateFile {
  readonly path: string;
  readonly contents: string;
  readonly model: SegmentModel;
  readonly warnings: readonly string[];
}

/**
 * The exact numbers of a template's process: what the wizard offers as the default target before asking for
 * it (the calendar does not change business-day numbers).
 */
export function estimateTemplate(id: TemplateId, answers: TemplateAnswers): SegmentModel {
  const template = TEMPLATES[id];
  return modelOf(template.name, processData(template, 'x', answers, { workdays: ['mon'], holidays: [] }, undefined), answers.cycleDays);
}

/** Builds `processes/<name>.yaml` for a template. Pure; throws an internal SpxError only if the template were invalid. */
export function scaffoldTemplate(id: TemplateId, answers: TemplateAnswers, context: { readonly company: string; readonly calendar: CalendarAnswers }): TemplateFile {
  const template = TEMPLATES[id];
  const model = modelOf(template.name, processData(template, context.company, answers, context.calendar, undefined), answers.cycleDays);
  const data = processData(template, context.company, answers, context.calendar, model);
  const contents = renderYaml(data, { header: header(template, context.company, model), flow: isFlow, comments: comments(template, answers, model) });
  return { path: `processes/${template.name}.yaml`, contents, model, warnings: targetWarnings(template.name, answers.cycleDays, model) };
}

function processData(
  template: ProcessTemplate,
  company: string,
  answers: TemplateAnswers,
  calendar: CalendarAnswers,
  model: SegmentModel | undefined,
): Record<string, unknown> {
  return {
    apiVersion: 'spx/v1',
    kind: 'SalesProcess',
    metadata: {
      name: template.name,
      title: `${company} — ${template.label} (${describeEmployees(template.appliesTo.employees)})`,
      version: '0.1.0',
      segment: template.segment,
      description: `How ${company} sells: ${template.summary}. Typical deal size ${thousands(answers.dealSize)} a year.`,
    },
    appliesTo: structuredClone(template.appliesTo),
    ...(model ? { targets: { cycleDays: model.cycleDays, winRate: model.winRateTarget } } : {}),
    calendar: { workdays: [...calendar.workdays], holidays: [...calendar.holidays] },
    roles: structuredClone(template.roles),
    start: template.start,
    steps: Object.fromEntries(template.steps.map((step) => [step.id, structuredClone(step.body)])),
    outcomes: {
      won: { result: 'won', description: 'Signed customer.' },
      lost: { result: 'lost', description: 'Closed without a sale; the transition says why.' },
    },
    crm: { stages: structuredClone(template.crm) },
  };
}

function header(template: ProcessTemplate, company: string, model: SegmentModel): string {
  return [
    SCHEMA_MODELINE.slice(2),
    'The schema path above is relative to this file: it resolves once spx is installed in this project (npm install --save-dev spx), and editors with the YAML language server then complete and check every field.',
    '',
    `${company} — ${template.label} sales process, scaffolded by \`spx init --template ${template.id}\`.`,
    '',
    template.story,
    `Steps: ${template.steps.map((s) => s.id).join(' → ')}.`,
    '',
    'Every duration, `within` and probability below is an ASSUMPTION: calibrate them against your own CRM data (stage conversion rates and days in stage; spx calibrate). Durations are business days.',
    '',
    'Model (exact, from these estimates):',
    `  win rate ≈ ${model.winRate.toFixed(3)}, E[cycle | won] ≈ ${model.expectedCycleWon.toFixed(1)} business days,`,
    `  minimal path: ${model.minimalPath.join(' → ')} (${model.minimalPath.length} steps).`,
    `Check it after every change: spx lint && spx path processes/${template.name}.yaml`,
  ].join('\n');
}

function comments(template: ProcessTemplate, answers: TemplateAnswers, model: SegmentModel): Comment[] {
  const asks = template.steps.filter((s) => s.body['ask'] === true);
  return [
    { path: ['metadata'], before: 'Who this process is. `version` is the semver of THIS process: bump it with every change (spx diff says by how much).' },
    {
      path: ['appliesTo'],
      before: `Which prospects this process is for (spx route). ${template.appliesToNote}\nTypical deal size: ${thousands(answers.dealSize)} a year. It is kept as a note: to route by deal size too, add \`arr: { min, max }\` here.`,
      blankBefore: true,
    },
    { path: ['targets'], before: 'What the process promises; spx lint (target-missed) warns when the exact model misses them.', blankBefore: true },
    { path: ['targets', 'cycleDays'], after: cycleTargetNote(answers.cycleDays, model) },
    { path: ['targets', 'winRate'], after: `model: ≈ ${model.winRate.toFixed(3)}, minus 10%` },
    { path: ['calendar'], before: 'How business days map to dates (spx next prints dates with it).', blankBefore: true },
    {
      path: ['roles'],
      before: 'Seller roles run the steps (`owner`); buyer roles take part in them (`with`). Whoever signs is marked decisionMaker: true.',
      blankBefore: true,
    },
    ...START_AND_STEPS_COMMENTS,
    ...template.steps.map((step, i): Comment => ({ path: ['steps', step.id], before: step.why, blankBefore: i > 0 })),
    ...asks.map((step): Comment => ({
      path: ['steps', step.id, 'requires'],
      before: 'The gate: we have earned the right to ask only once these roles took part and these steps happened.',
    })),
    { path: ['outcomes'], before: 'Where deals end: won, or lost with the reason on the transition.', blankBefore: true },
    { path: ['crm'], before: CRM_COMMENT, blankBefore: true },
  ];
}
