/** The `spx init` wizard: asks, with @inquirer's prompts (loaded only here), every answer no flag gave. */
import {
  BUYER_ROLES,
  DEFAULT_CALENDAR,
  ENTERPRISE_COMMITTEE,
  MAX_AMOUNT,
  parseHolidays,
  ROLE_INFO,
  SEGMENT_DEFAULTS,
  SEGMENT_INFO,
  SEGMENTS,
  TEMPLATE_IDS,
  TEMPLATES,
  WEEKDAYS,
  cleanCompany,
  describeEmployees,
  estimateSegment,
  estimateTemplate,
  type Weekday,
  type BuyerRoleId,
  type CiProvider,
  type InitAnswers,
  type SegmentAnswers,
  type SegmentId,
  type SegmentModel,
  type TemplateId,
} from '../index.js';
import { amountOrProblem, type AmountRule } from './number-option.js';

/** A number given for every process (`--deal-size 20000`) and/or per segment or template (`--deal-size smb=5000,plg=6k`). */
export interface PerSegment<T> {
  readonly all?: T;
  readonly bySegment: Partial<Record<SegmentId | TemplateId, T>>;
}

/** `auto`: no target of one's own; the scaffold derives it from the model. */
export type CycleAnswer = number | 'auto';

/** Deal sizes as typed at the prompt or in `--deal-size`: money, so `6k`, `6,000` and `$6,000` are 6000. */
export const DEAL_SIZE_RULE: AmountRule = { integer: false, min: 0, max: MAX_AMOUNT, example: '20000', money: true };
/** Target cycles in business days, at the prompt or in `--cycle-days`: grouped digits, no currency or k. */
export const CYCLE_DAYS_RULE: AmountRule = { integer: false, min: 0, max: MAX_AMOUNT, example: '60' };

/** What the flags answered; the wizard asks the rest. */
export interface KnownAnswers {
  readonly company?: string;
  readonly segments?: readonly SegmentId[];
  readonly templates?: readonly TemplateId[];
  readonly roles?: readonly BuyerRoleId[];
  readonly decisionMaker?: BuyerRoleId;
  readonly trial?: boolean;
  readonly securityReview?: boolean;
  readonly procurement?: boolean;
  readonly legalReview?: boolean;
  readonly dealSize?: PerSegment<number>;
  readonly cycleDays?: PerSegment<CycleAnswer>;
  readonly workdays?: readonly Weekday[];
  readonly holidays?: readonly string[];
  readonly ci?: CiProvider;
}

export function forSegment<T>(value: PerSegment<T> | undefined, segment: SegmentId | TemplateId): T | undefined {
  return value === undefined ? undefined : (value.bySegment[segment] ?? value.all);
}

const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/**
 * Asks every question the flags did not answer, in order: company, segments (and motion templates), then for each
 * segment the questions that shape its process, for each template its deal size and target, then the calendar and CI. Defaults come from the bundled processes;
 * the target cycle's default is computed from the answers just given. Ctrl-C rejects with inquirer's
 * ExitPromptError (the command maps it to exit 130).
 */
export async function askAnswers(known: KnownAnswers, context: { readonly defaultCompany: string }): Promise<InitAnswers> {
  // The four prompt packages, not @inquirer/prompts: that one also brings the editor prompt, whose encoding tables
  // (iconv-lite) were most of the bundle. Numbers are typed into an input prompt: the number prompt refuses 6k.
  const [{ default: checkbox, Separator }, { default: confirm }, { default: input }, { default: select }] = await Promise.all([
    import('@inquirer/checkbox'),
    import('@inquirer/confirm'),
    import('@inquirer/input'),
    import('@inquirer/select'),
  ]);
  // Numbers are typed as people write them (6k, 6,000, $6,000): the same parser as --deal-size and --cycle-days.
  const amount = async (message: string, fallback: number, rule: AmountRule, positive: boolean): Promise<number> => {
    const check = (typed: string) => {
      const parsed = amountOrProblem(typed, rule);
      if ('problem' in parsed) return parsed.problem;
      return positive && parsed.value === 0 ? 'Give a number above 0' : parsed.value;
    };
    const typed = await input({ message, default: String(fallback), validate: (value) => typeof check(value) === 'number' || (check(value) as string) });
    return check(typed) as number;
  };
  // The target cycle, unless a flag gave it; the suggestion is the model + 10%, and the prompt shows the model.
  const targetCycle = async (label: string, given: CycleAnswer | undefined, estimate: () => SegmentModel): Promise<number | undefined> => {
    if (given !== undefined) return given === 'auto' ? undefined : given;
    const model = estimate();
    const answer = await amount(`${label}: target cycle, in business days (the estimates give ≈ ${model.expectedCycleWon.toFixed(1)}):`, model.cycleDays, CYCLE_DAYS_RULE, true);
    // Keeping the suggestion means "no target of my own": the file then says where the number comes from.
    return answer === model.cycleDays ? undefined : answer;
  };

  const company =
    known.company ??
    (await input({
      message: 'Company name (it goes into the process titles):',
      default: context.defaultCompany,
      validate: (value) => cleanCompany(value) !== '' || 'Enter a name',
    }));

  // One question for what to scaffold: the segments by company size, then the motion templates (unchecked).
  let segments: readonly SegmentId[];
  let templates: readonly TemplateId[];
  if (known.segments !== undefined || known.templates !== undefined) {
    segments = known.segments ?? [];
    templates = known.templates ?? [];
  } else {
    const picked = await checkbox<SegmentId | TemplateId>({
      message: 'Which segments do you sell to? (one process each)',
      choices: [
        ...SEGMENTS.map((segment) => ({
          value: segment,
          name: `${SEGMENT_INFO[segment].label} (${describeEmployees(SEGMENT_INFO[segment].employees)})`,
          checked: true,
        })),
        new Separator('── or a sales motion, from a template ──'),
        ...TEMPLATE_IDS.map((id) => ({
          value: id,
          name: `${TEMPLATES[id].label} (${describeEmployees(TEMPLATES[id].appliesTo.employees)})`,
          description: TEMPLATES[id].summary,
          checked: false,
        })),
      ],
      required: true,
    });
    segments = SEGMENTS.filter((s) => picked.includes(s));
    templates = TEMPLATE_IDS.filter((t) => picked.includes(t));
  }

  const calendarForEstimate = { workdays: known.workdays ?? DEFAULT_CALENDAR.workdays, holidays: known.holidays ?? [] };
  const perSegment: { segment: SegmentId; answers: SegmentAnswers }[] = [];
  for (const segment of SEGMENTS.filter((s) => segments.includes(s))) {
    const label = SEGMENT_INFO[segment].label;
    const defaults = SEGMENT_DEFAULTS[segment];
    const committee = segment === 'enterprise' ? ENTERPRISE_COMMITTEE : [];

    const roles =
      known.roles ??
      (await checkbox<BuyerRoleId>({
        message: `${label}: who takes part on the buyer side?`,
        choices: BUYER_ROLES.map((role) => ({
          value: role,
          name: ROLE_INFO[role].title,
          description: ROLE_INFO[role].description,
          checked: defaults.roles.includes(role) || committee.includes(role),
          disabled: committee.includes(role) ? '(always, for enterprise)' : false,
        })),
      }));

    const candidates = BUYER_ROLES.filter((r) => roles.includes(r) || committee.includes(r));
    const decisionMaker =
      known.decisionMaker ??
      (await select<BuyerRoleId>({
        message: `${label}: who decides and signs?`,
        choices: (candidates.length > 0 ? candidates : BUYER_ROLES).map((role) => ({ value: role, name: ROLE_INFO[role].title })),
        default: candidates.includes(defaults.decisionMaker) ? defaults.decisionMaker : candidates[0],
      }));

    const trial =
      known.trial ??
      (await confirm({
        message: segment === 'smb' ? `${label}: is there a free trial?` : `${label}: is there a pilot (technical validation)?`,
        default: defaults.trial,
      }));
    const securityReview = known.securityReview ?? (await confirm({ message: `${label}: does the buyer run a security review?`, default: defaults.securityReview }));
    const procurement = known.procurement ?? (await confirm({ message: `${label}: does procurement take part (vendor setup, terms)?`, default: defaults.procurement }));
    const legalReview = known.legalReview ?? (await confirm({ message: `${label}: does their legal team review the contract?`, default: defaults.legalReview }));

    const dealSize =
      forSegment(known.dealSize, segment) ??
      (await amount(`${label}: typical deal size (a year, in your currency):`, defaults.dealSize, DEAL_SIZE_RULE, false));

    const shape = { roles, decisionMaker, trial, securityReview, procurement, legalReview, dealSize, cycleDays: undefined };
    const cycleDays = await targetCycle(label, forSegment(known.cycleDays, segment), () => estimateSegment(segment, shape, calendarForEstimate));

    perSegment.push({ segment, answers: { roles, decisionMaker, trial, securityReview, procurement, legalReview, dealSize, cycleDays } });
  }

  const perTemplate: { template: TemplateId; answers: { dealSize: number; cycleDays: number | undefined } }[] = [];
  for (const template of templates) {
    const { label, dealSize: defaultDealSize } = TEMPLATES[template];
    const dealSize =
      forSegment(known.dealSize, template) ?? (await amount(`${label}: typical deal size (a year, in your currency):`, defaultDealSize, DEAL_SIZE_RULE, false));
    const cycleDays = await targetCycle(label, forSegment(known.cycleDays, template), () => estimateTemplate(template, { dealSize, cycleDays: undefined }));
    perTemplate.push({ template, answers: { dealSize, cycleDays } });
  }

  const workdays =
    known.workdays ??
    (await checkbox<Weekday>({
      message: 'Calendar: which days are workdays?',
      choices: WEEKDAYS.map((day) => ({ value: day, name: WEEKDAY_NAMES[day], checked: DEFAULT_CALENDAR.workdays.includes(day) })),
      required: true,
    }));

  let holidays = known.holidays;
  if (holidays === undefined) {
    const typed = await input({
      message: 'Calendar: holidays (YYYY-MM-DD, comma-separated; "none" for none):',
      default: DEFAULT_CALENDAR.holidays.join(', '),
      validate: (value) => {
        const parsed = parseHolidays(value);
        return 'problem' in parsed ? parsed.problem : true;
      },
    });
    const parsed = parseHolidays(typed);
    holidays = 'holidays' in parsed ? parsed.holidays : [];
  }

  const ci =
    known.ci ??
    (await select<CiProvider>({
      message: 'Add a CI workflow that lints the processes on every pull request?',
      choices: [
        { value: 'none', name: 'No' },
        { value: 'github', name: 'GitHub Actions (.github/workflows/spx.yml)' },
      ],
      default: 'none',
    }));

  return { company, segments: perSegment, ...(perTemplate.length > 0 ? { templates: perTemplate } : {}), calendar: { workdays, holidays }, ci };
}
