/** What `spx init` asks: the answer types, the role and segment catalogs, the defaults, and answer validation. */
import { SpxError } from '../model/errors.js';
import type { Weekday } from '../model/types.js';

/** The segments `spx init` scaffolds, smallest prospects first. */
export const SEGMENTS = ['smb', 'mid-market', 'enterprise'] as const;
/** One of {@link SEGMENTS}. */
export type SegmentId = (typeof SEGMENTS)[number];

/** The buyer roles a founder picks from, in the order files list them. */
export const BUYER_ROLES = ['owner', 'champion', 'economic-buyer', 'users', 'it', 'security', 'legal', 'procurement', 'finance'] as const;
/** One of {@link BUYER_ROLES}. */
export type BuyerRoleId = (typeof BUYER_ROLES)[number];

/** The days of the week in order, Monday first. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** How `spx init` presents a buyer role. */
export interface RoleInfo {
  readonly title: string;
  readonly description: string;
}

/** Title and description of each buyer role `spx init` offers. */
export const ROLE_INFO: Readonly<Record<BuyerRoleId, RoleInfo>> = {
  owner: { title: 'Owner / founder', description: 'Runs the business; decides alone at this size.' },
  champion: { title: 'Champion', description: 'Owns the problem and sells internally for us.' },
  'economic-buyer': { title: 'Economic buyer', description: 'Holds the budget and signs.' },
  users: { title: 'Operational users', description: 'The people who will use the product every day.' },
  it: { title: 'IT', description: 'Integrates the product and answers for how it fits their stack.' },
  security: { title: 'Security / InfoSec', description: 'Reviews how we handle their data.' },
  legal: { title: 'Legal', description: 'Reviews the contract terms.' },
  procurement: { title: 'Procurement', description: 'Sets us up as a vendor and runs the purchase.' },
  finance: { title: 'Finance', description: 'Approves the spend and the payment terms.' },
};

/** How `spx init` presents a segment. */
export interface SegmentInfo {
  /** How the segment reads in titles: "SMB", "Mid-market", "Enterprise". */
  readonly label: string;
  /** Its employee range when every segment is scaffolded (inclusive bounds). */
  readonly employees: { readonly min?: number; readonly max?: number };
}

/** Label and head-count range of each segment `spx init` offers. */
export const SEGMENT_INFO: Readonly<Record<SegmentId, SegmentInfo>> = {
  smb: { label: 'SMB', employees: { max: 49 } },
  'mid-market': { label: 'Mid-market', employees: { min: 50, max: 999 } },
  enterprise: { label: 'Enterprise', employees: { min: 1000 } },
};

/**
 * The stakeholders an enterprise process always involves, whatever roles were picked: lint's
 * segment-expectations rule expects them (its default `enterpriseRoles`), and enterprise buying involves them.
 */
export const ENTERPRISE_COMMITTEE: readonly BuyerRoleId[] = ['users', 'it', 'security', 'legal', 'procurement', 'finance'];

/** The sales motions `spx init --template` scaffolds: MEDDPICC enterprise, product-led SMB, partner-sourced mid-market. */
export const TEMPLATE_IDS = ['meddpicc', 'plg', 'partner'] as const;
/** One of {@link TEMPLATE_IDS}. */
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** What the founder answers for a template: the numbers; the steps and roles are the template's. */
export interface TemplateAnswers {
  /** Typical deal size (ARR, in the team's reporting currency); kept as documentation. */
  readonly dealSize: number;
  /** Target cycle in business days, kept as given; undefined: the model plus 10%. */
  readonly cycleDays: number | undefined;
}

/** The questions that shape one segment's process. */
export interface SegmentAnswers {
  /** Buyer roles involved (the scaffold adds the ones its other answers imply). */
  readonly roles: readonly BuyerRoleId[];
  /** The buyer role who decides and signs (added to the roles when missing). */
  readonly decisionMaker: BuyerRoleId;
  /** A free trial (SMB) or a pilot / technical validation (mid-market, enterprise). */
  readonly trial: boolean;
  readonly securityReview: boolean;
  readonly procurement: boolean;
  readonly legalReview: boolean;
  /** Typical deal size (ARR, in the team's reporting currency); kept as documentation. */
  readonly dealSize: number;
  /** Target cycle length in business days; undefined: derived from the model with a margin. */
  readonly cycleDays: number | undefined;
}

/** The calendar answers of `spx init`: workdays and holidays. */
export interface CalendarAnswers {
  readonly workdays: readonly Weekday[];
  /** ISO dates (YYYY-MM-DD). */
  readonly holidays: readonly string[];
}

/** The CI workflow `spx init` writes, if any. */
export type CiProvider = 'github' | 'none';

/** Everything `spx init` needs; the scaffold turns it into files. */
export interface InitAnswers {
  readonly company: string;
  /** One entry per scaffolded segment; their order does not matter. */
  readonly segments: readonly { readonly segment: SegmentId; readonly answers: SegmentAnswers }[];
  /** One entry per motion template scaffolded (`--template`), besides or instead of the segments. */
  readonly templates?: readonly { readonly template: TemplateId; readonly answers: TemplateAnswers }[];
  readonly calendar: CalendarAnswers;
  readonly ci: CiProvider;
}

/** The defaults, taken from the bundled processes (processes/*.yaml). */
export const SEGMENT_DEFAULTS: Readonly<Record<SegmentId, SegmentAnswers>> = {
  smb: {
    roles: ['owner', 'users'],
    decisionMaker: 'owner',
    trial: true,
    securityReview: false,
    procurement: false,
    legalReview: false,
    dealSize: 5000,
    cycleDays: undefined,
  },
  'mid-market': {
    roles: ['champion', 'economic-buyer', 'users', 'it'],
    decisionMaker: 'economic-buyer',
    trial: false,
    securityReview: true,
    procurement: false,
    legalReview: false,
    dealSize: 25000,
    cycleDays: undefined,
  },
  enterprise: {
    roles: ['champion', 'economic-buyer', 'users', 'it', 'security', 'legal', 'procurement', 'finance'],
    decisionMaker: 'economic-buyer',
    trial: true,
    securityReview: true,
    procurement: true,
    legalReview: true,
    dealSize: 100000,
    cycleDays: undefined,
  },
};

/** The calendar `spx init` proposes: Monday to Friday, with the common US public holidays of the coming year. */
export const DEFAULT_CALENDAR: CalendarAnswers = {
  workdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holidays: ['2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25', '2027-01-01'],
};

/** Largest deal size or cycle accepted: beyond it numbers stop printing as plain digits. */
export const MAX_AMOUNT = 1e15;

/** Longest company name kept in titles: enough for any legal name, short enough for a title line. */
export const MAX_COMPANY_LENGTH = 100;

/** Trims, collapses whitespace and drops control characters: the name goes into titles and comments. */
export function cleanCompany(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Why a holiday is not usable, or undefined when it is a real YYYY-MM-DD date or a real MM-DD (every year). */
export function holidayProblem(value: string): string | undefined {
  // MM-DD recurs every year: checked against a leap year, so 02-29 passes.
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? /^()(\d{2})-(\d{2})$/.exec(value);
  if (!match) return `"${value}" is not a date; write holidays as YYYY-MM-DD, or MM-DD for a date every year, separated by commas`;
  const [year, month, day] = [match[1] === '' ? 2000 : Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `"${value}" is not a calendar date; check the month and day`;
  }
  return undefined;
}

/**
 * Checks answers a caller assembled (flags, the wizard, a test) and returns them normalized: the company
 * cleaned, segments unique and in size order, workdays in week order, holidays unique and sorted. Throws an
 * E_USAGE SpxError naming the first problem.
 */
export function normalizeAnswers(answers: InitAnswers): InitAnswers {
  const usage = (message: string): never => {
    throw new SpxError('E_USAGE', message);
  };
  const company = cleanCompany(answers.company);
  if (company === '') usage('the company name is empty; give the name to put in the process titles (--company)');
  if (company.length > MAX_COMPANY_LENGTH) usage(`the company name is longer than ${MAX_COMPANY_LENGTH} characters; shorten it (--company)`);
  const templates = answers.templates ?? [];
  if (answers.segments.length === 0 && templates.length === 0) usage('no segment chosen; pick at least one of smb, mid-market, enterprise (--segment), or a template (--template)');
  const seenTemplates = new Set<TemplateId>();
  for (const { template, answers: a } of templates) {
    if (!TEMPLATE_IDS.includes(template)) usage(`unknown template "${template}"; use ${TEMPLATE_IDS.join(', ')}`);
    if (seenTemplates.has(template)) usage(`template ${template} is given twice; list each template once`);
    seenTemplates.add(template);
    checkNumbers(template, a, usage);
  }
  const seen = new Set<SegmentId>();
  for (const { segment, answers: a } of answers.segments) {
    if (!SEGMENTS.includes(segment)) usage(`unknown segment "${segment}"; use smb, mid-market or enterprise`);
    if (seen.has(segment)) usage(`segment ${segment} is given twice; list each segment once`);
    seen.add(segment);
    for (const role of [...a.roles, a.decisionMaker]) {
      if (!BUYER_ROLES.includes(role)) usage(`unknown buyer role "${role}"; use ${BUYER_ROLES.join(', ')}`);
    }
    checkNumbers(segment, a, usage);
  }
  const workdays = WEEKDAYS.filter((d) => answers.calendar.workdays.includes(d));
  for (const day of answers.calendar.workdays) if (!WEEKDAYS.includes(day)) usage(`unknown weekday "${day}"; use ${WEEKDAYS.join(', ')}`);
  if (workdays.length === 0) usage('no workdays; name at least one day of the week (--workdays mon,tue,wed,thu,fri)');
  for (const holiday of answers.calendar.holidays) {
    const problem = holidayProblem(holiday);
    if (problem) usage(`${problem} (--holidays)`);
  }
  const holidays = [...new Set(answers.calendar.holidays)].sort();
  return {
    company,
    segments: SEGMENTS.flatMap((segment) => answers.segments.filter((s) => s.segment === segment)),
    ...(templates.length > 0 ? { templates: TEMPLATE_IDS.flatMap((id) => templates.filter((t) => t.template === id)) } : {}),
    calendar: { workdays, holidays },
    ci: answers.ci,
  };
}

function checkNumbers(name: string, a: TemplateAnswers, usage: (message: string) => never): void {
  if (!(Number.isFinite(a.dealSize) && a.dealSize >= 0 && a.dealSize <= MAX_AMOUNT)) usage(`deal size for ${name} must be a number from 0 to ${MAX_AMOUNT} (--deal-size)`);
  if (a.cycleDays !== undefined && !(Number.isFinite(a.cycleDays) && a.cycleDays > 0 && a.cycleDays <= MAX_AMOUNT)) {
    usage(`target cycle for ${name} must be a number of business days above 0 (--cycle-days)`);
  }
}

/** A comma- or space-separated list as typed on a command line or in a prompt; empty items dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Holidays as typed: dates separated by commas, or `none` (or nothing) for no holidays. */
export function parseHolidays(text: string): { holidays: string[] } | { problem: string } {
  const items = splitList(text);
  if (items.length === 1 && items[0]!.toLowerCase() === 'none') return { holidays: [] };
  for (const item of items) {
    const problem = holidayProblem(item);
    if (problem) return { problem };
  }
  return { holidays: [...new Set(items)].sort() };
}

/** The answer `--cycle-days auto`: no target of one's own; the scaffold writes the model's cycle plus 10%. */
export const AUTO = 'auto';
