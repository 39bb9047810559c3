/** `spx init`: answers from flags or the wizard → scaffold → checked, atomic writes that never lose a file. */
import { quantity } from '../numbers.js';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
  SpxError,
  AUTO,
  BUYER_ROLES,
  DEFAULT_CALENDAR,
  parseHolidays,
  SEGMENT_DEFAULTS,
  SEGMENTS,
  splitList,
  TEMPLATE_IDS,
  TEMPLATES,
  WEEKDAYS,
  CONFIG_PATH,
  GITHUB_WORKFLOW_PATH,
  scaffold,
  type Weekday,
  type BuyerRoleId,
  type InitAnswers,
  type SegmentId,
  type ScaffoldFile,
  type TemplateId,
} from '../../index.js';
import { CYCLE_DAYS_RULE, DEAL_SIZE_RULE, type CycleAnswer, type KnownAnswers, type PerSegment } from '../init-wizard.js';
import type { Io } from '../io.js';
import { parseAmountOption } from '../number-option.js';
import { writeFileAtomic } from '../write-file.js';

export interface InitOptions {
  readonly company?: string;
  readonly segment?: string;
  readonly template?: string;
  readonly roles?: string;
  readonly decisionMaker?: string;
  readonly trial?: boolean;
  readonly securityReview?: boolean;
  readonly procurement?: boolean;
  readonly legal?: boolean;
  readonly dealSize?: string;
  readonly cycleDays?: string;
  readonly workdays?: string;
  readonly holidays?: string;
  readonly ci?: 'github' | 'none';
  readonly yes?: boolean;
  readonly dir?: string;
  readonly force?: boolean;
  readonly dryRun?: boolean;
}

/** Asks the answers the flags left out; replaced in tests. Loaded lazily so no other command pays for inquirer. */
export type AskAnswers = (known: KnownAnswers, context: { readonly defaultCompany: string }) => Promise<InitAnswers>;

const loadWizard: AskAnswers = async (known, context) => (await import('../init-wizard.js')).askAnswers(known, context);

/** Exit code of a run the user cancelled (128 + SIGINT), as shells report Ctrl-C. */
export const EXIT_CANCELLED = 130;

export async function initCommand(options: InitOptions, io: Io, ask: AskAnswers = loadWizard): Promise<number> {
  const dir = resolve(io.cwd, options.dir ?? '.');
  const known = knownAnswers(options);
  const defaultCompany = companyFromDir(dir);

  let answers: InitAnswers;
  const missing = missingFlags(known);
  if (missing.length === 0 || options.yes) answers = withDefaults(known, defaultCompany);
  else if (!io.stdinIsTTY) {
    throw new SpxError(
      'E_USAGE',
      `no terminal to ask on, and these answers are missing: ${missing.join(', ')}; give them as flags, or add --yes to take the defaults`,
    );
  } else {
    // Fail before the questions when a file we will certainly write is already there.
    const early = conflictsOf(dir, plannedPaths(known), options.force === true);
    if (early.length > 0 && !options.dryRun) refuseConflicts(io, dir, early);
    try {
      answers = await ask(known, { defaultCompany });
    } catch (error) {
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
        io.stderr('\nspx: init cancelled; nothing was written\n');
        return EXIT_CANCELLED;
      }
      throw error;
    }
  }

  const result = scaffold(answers);
  const conflicts = conflictsOf(dir, result.files.map((f) => f.path), options.force === true);

  if (options.dryRun) {
    for (const file of result.files) io.stdout(`--- ${display(dir, file.path, io.cwd)}${conflicts.includes(file.path) ? ' (exists)' : ''}\n${file.contents}\n`);
    for (const note of result.notes) io.stderr(`spx: note: ${note}\n`);
    for (const warning of result.warnings) io.stderr(`spx: warning: ${warning}\n`);
    if (conflicts.length > 0 && !options.force) refuseConflicts(io, dir, conflicts);
    io.stderr(`spx: dry run: ${quantity(result.files.length, 'file')} shown, nothing written\n`);
    return 0;
  }
  if (conflicts.length > 0 && !options.force) refuseConflicts(io, dir, conflicts);

  const backups = writeAll(dir, result.files, new Set(conflicts));
  const where = relative(io.cwd, dir) || '.';
  io.stdout(`spx init: wrote ${quantity(result.files.length, 'file')} in ${where}\n`);
  for (const file of result.files) {
    const backup = backups.get(file.path);
    io.stdout(`  ${file.path}${backup ? ` (replaced; the old file is kept as ${backup})` : ''}\n`);
  }
  for (const note of result.notes) io.stdout(`note: ${note}\n`);
  for (const warning of result.warnings) io.stdout(`warning: ${warning}\n`);
  const next: [string, string][] = [
    ...(where === '.' ? [] : [[`cd ${where}`, ''] as [string, string]]),
    ['spx lint', result.warnings.length === 0 ? 'check the processes (they lint clean)' : 'check the processes (it reports the warnings above)'],
    ['spx path processes/*.yaml', 'the minimal path and the exact numbers'],
    [`spx next ${result.files[0]!.path} --at ${firstStart(answers)}`, 'the next step for a deal'],
  ];
  const width = Math.max(...next.map(([command]) => command.length));
  io.stdout(`\nNext:\n${next.map(([command, why]) => `  ${command.padEnd(width)}  ${why}`.trimEnd()).join('\n')}\n`);
  return 0;
}

/** The flags as answers; a malformed flag is a usage error (exit 2) naming it. */
export function knownAnswers(options: InitOptions): KnownAnswers {
  const usage = (message: string): never => {
    throw new SpxError('E_USAGE', message);
  };
  const segments = options.segment === undefined ? undefined : oneOf('--segment', splitList(options.segment), SEGMENTS, usage);
  if (segments !== undefined && segments.length === 0) usage('--segment is empty; name at least one of smb, mid-market, enterprise');
  const templates = options.template === undefined ? undefined : oneOf('--template', splitList(options.template.toLowerCase()), TEMPLATE_IDS, usage);
  if (templates !== undefined && templates.length === 0) usage(`--template is empty; name at least one of ${TEMPLATE_IDS.join(', ')}`);
  if (templates !== undefined && segments === undefined) {
    // These answers shape the segment processes; a template has its own roles and steps, so they would be ignored.
    const shaping = (
      [
        ['--roles', options.roles],
        ['--decision-maker', options.decisionMaker],
        [options.trial ? '--trial' : '--no-trial', options.trial],
        [options.securityReview ? '--security-review' : '--no-security-review', options.securityReview],
        [options.procurement ? '--procurement' : '--no-procurement', options.procurement],
        [options.legal ? '--legal' : '--no-legal', options.legal],
      ] as const
    ).filter(([, value]) => value !== undefined);
    if (shaping.length > 0) {
      usage(`${shaping.map(([flag]) => flag).join(', ')} shape${shaping.length === 1 ? 's' : ''} the segment processes, and --template ${templates.join(',')} has its own roles and steps; drop ${shaping.length === 1 ? 'it' : 'them'}, or add --segment for the processes they describe`);
    }
  }
  const roles = options.roles === undefined ? undefined : oneOf('--roles', splitList(options.roles), BUYER_ROLES, usage);
  const decisionMaker = options.decisionMaker === undefined ? undefined : oneOf('--decision-maker', [options.decisionMaker.trim()], BUYER_ROLES, usage)[0];
  const workdays = options.workdays === undefined ? undefined : oneOf('--workdays', splitList(options.workdays.toLowerCase()), WEEKDAYS, usage);
  if (workdays !== undefined && workdays.length === 0) usage('--workdays is empty; name at least one day (mon,tue,wed,thu,fri)');
  let holidays: string[] | undefined;
  if (options.holidays !== undefined) {
    const parsed = parseHolidays(options.holidays);
    holidays = 'problem' in parsed ? usage(`--holidays: ${parsed.problem}, or none`) : parsed.holidays;
  }
  if (options.company !== undefined && options.company.trim() === '') usage('--company is empty; give the name to put in the process titles');
  const dealSize = options.dealSize !== undefined ? (perSegment('--deal-size', options.dealSize, false, usage) as PerSegment<number>) : undefined;
  const cycleDays = options.cycleDays !== undefined ? perSegment('--cycle-days', options.cycleDays, true, usage) : undefined;
  // A number for a process that is not scaffolded would be dropped without a word: refuse it instead.
  const scaffolded: readonly string[] = [...chosenSegments({ ...(segments ? { segments } : {}), ...(templates ? { templates } : {}) }), ...(templates ?? [])];
  for (const [flag, value] of [['--deal-size', dealSize], ['--cycle-days', cycleDays]] as const) {
    const unused = Object.keys(value?.bySegment ?? {}).filter((key) => !scaffolded.includes(key));
    if (unused.length > 0) {
      const how = unused.map((key) => ((TEMPLATE_IDS as readonly string[]).includes(key) ? `--template ${key}` : `--segment ${key}`));
      usage(`${flag} gives a number for ${unused.join(', ')}, which ${unused.length === 1 ? 'is' : 'are'} not scaffolded; add ${how.join(' and ')}, or drop ${unused.length === 1 ? 'it' : 'them'}`);
    }
  }
  return {
    ...(options.company !== undefined ? { company: options.company } : {}),
    ...(segments ? { segments } : {}),
    ...(templates ? { templates } : {}),
    ...(roles ? { roles } : {}),
    ...(decisionMaker ? { decisionMaker } : {}),
    ...(options.trial !== undefined ? { trial: options.trial } : {}),
    ...(options.securityReview !== undefined ? { securityReview: options.securityReview } : {}),
    ...(options.procurement !== undefined ? { procurement: options.procurement } : {}),
    ...(options.legal !== undefined ? { legalReview: options.legal } : {}),
    ...(dealSize ? { dealSize } : {}),
    ...(cycleDays ? { cycleDays } : {}),
    ...(workdays ? { workdays: workdays as Weekday[] } : {}),
    ...(holidays ? { holidays } : {}),
    ...(options.ci !== undefined ? { ci: options.ci } : {}),
  };
}

/** The flags an answer is still missing from, in the order the wizard asks (CI is optional: no workflow). */
export function missingFlags(known: KnownAnswers): string[] {
  const segments = chosenSegments(known);
  const keys = [...segments, ...(known.templates ?? [])];
  const perSegmentMissing = (value: PerSegment<unknown> | undefined) =>
    value === undefined || (value.all === undefined && keys.some((s) => value.bySegment[s] === undefined));
  const shaping = segments.length > 0;
  return [
    known.company === undefined && '--company',
    known.segments === undefined && known.templates === undefined && '--segment',
    shaping && known.roles === undefined && '--roles',
    shaping && known.decisionMaker === undefined && '--decision-maker',
    shaping && known.trial === undefined && '--trial/--no-trial',
    shaping && known.securityReview === undefined && '--security-review/--no-security-review',
    shaping && known.procurement === undefined && '--procurement/--no-procurement',
    shaping && known.legalReview === undefined && '--legal/--no-legal',
    perSegmentMissing(known.dealSize) && '--deal-size',
    perSegmentMissing(known.cycleDays) && '--cycle-days',
    known.workdays === undefined && '--workdays',
    known.holidays === undefined && '--holidays',
  ].filter((flag): flag is string => flag !== false);
}

/** `--yes`: every answer not given takes its default (the bundled processes'; the directory's name as company). */
export function withDefaults(known: KnownAnswers, defaultCompany: string): InitAnswers {
  const segments = chosenSegments(known);
  const cycleOf = (key: SegmentId | TemplateId) => {
    const cycle = known.cycleDays?.bySegment[key] ?? known.cycleDays?.all;
    return cycle === undefined || cycle === AUTO ? undefined : cycle;
  };
  return {
    company: known.company ?? defaultCompany,
    segments: segments.map((segment) => {
      const d = SEGMENT_DEFAULTS[segment];
      return {
        segment,
        answers: {
          roles: known.roles ?? d.roles,
          decisionMaker: known.decisionMaker ?? d.decisionMaker,
          trial: known.trial ?? d.trial,
          securityReview: known.securityReview ?? d.securityReview,
          procurement: known.procurement ?? d.procurement,
          legalReview: known.legalReview ?? d.legalReview,
          dealSize: known.dealSize?.bySegment[segment] ?? known.dealSize?.all ?? d.dealSize,
          cycleDays: cycleOf(segment),
        },
      };
    }),
    ...(known.templates
      ? {
          templates: known.templates.map((template) => ({
            template,
            answers: { dealSize: known.dealSize?.bySegment[template] ?? known.dealSize?.all ?? TEMPLATES[template].dealSize, cycleDays: cycleOf(template) },
          })),
        }
      : {}),
    calendar: { workdays: known.workdays ?? DEFAULT_CALENDAR.workdays, holidays: known.holidays ?? DEFAULT_CALENDAR.holidays },
    ci: known.ci ?? 'none',
  };
}

/** The segments to scaffold: the ones named; with templates and no --segment, none; otherwise all three. */
export function chosenSegments(known: KnownAnswers): readonly SegmentId[] {
  return known.segments ?? (known.templates ? [] : SEGMENTS);
}

/** The start step of the first file written: every segment process starts at discovery; a template names its own. */
function firstStart(answers: InitAnswers): string {
  const template = answers.segments.length === 0 ? answers.templates?.[0] : undefined;
  return template ? TEMPLATES[template.template].start : 'discovery';
}

/** "acme-inc" → "Acme Inc": a default company name that is usually right for a repository. */
export function companyFromDir(dir: string): string {
  const words = basename(dir)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return words.length > 0 ? words.join(' ') : 'Our company';
}

function oneOf<T extends string>(flag: string, values: readonly string[], allowed: readonly T[], usage: (m: string) => never): T[] {
  for (const value of values) if (!allowed.includes(value as T)) usage(`${flag}: unknown value "${value}"; use ${allowed.join(', ')}`);
  return [...new Set(values)] as T[];
}

/** `N` for every segment, or `smb=N,enterprise=M`; `auto` where allowed (the model's number). */
function perSegment(flag: string, text: string, allowAuto: boolean, usage: (m: string) => never): PerSegment<CycleAnswer> {
  const parse = (raw: string): CycleAnswer => {
    if (allowAuto && raw === AUTO) return AUTO;
    if (allowAuto && raw === '0') usage(`${flag}: "0" is not a positive number or auto`);
    return parseAmountOption(flag, raw, allowAuto ? CYCLE_DAYS_RULE : DEAL_SIZE_RULE);
  };
  // Pairs are separated by a comma or a space before the next `segment=`: a comma inside a number groups its
  // thousands (smb=5,000,enterprise=120k).
  const items = text
    .trim()
    .split(/[\s,]+(?=[A-Za-z][\w-]*\s*=)/)
    .map((item) => item.replace(/\s*=\s*/, '=').trim())
    .filter((item) => item !== '');
  if (items.length === 0) usage(`${flag} is empty; give a number, or segment=number pairs (smb=5000,enterprise=100000)`);
  const result: { all?: CycleAnswer; bySegment: Partial<Record<SegmentId | TemplateId, CycleAnswer>> } = { bySegment: {} };
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) {
      if (result.all !== undefined) usage(`${flag}: more than one value for every segment; write segment=number pairs`);
      result.all = parse(item);
      continue;
    }
    const key = item.slice(0, eq) as SegmentId | TemplateId;
    const keys: readonly string[] = [...SEGMENTS, ...TEMPLATE_IDS];
    if (!keys.includes(key)) usage(`${flag}: unknown segment "${key}"; use ${keys.join(', ')}`);
    result.bySegment[key] = parse(item.slice(eq + 1));
  }
  return result;
}

/** Files init will write whatever the wizard answers: the config, and what the flags already decided. */
function plannedPaths(known: KnownAnswers): string[] {
  return [
    ...(known.segments ?? []).map((s) => `processes/${s}.yaml`),
    ...(known.templates ?? []).map((t) => `processes/${TEMPLATES[t].name}.yaml`),
    CONFIG_PATH,
    ...(known.ci === 'github' ? [GITHUB_WORKFLOW_PATH] : []),
  ];
}

/**
 * The target files that already exist. Also checks, before anything is written, that every file can be: a
 * target that is a directory, a parent that is a file, or a directory without write permission is an E_WRITE
 * error (exit 2) naming it.
 */
function conflictsOf(dir: string, paths: readonly string[], force: boolean): string[] {
  const conflicts: string[] = [];
  for (const path of paths) {
    const target = join(dir, ...path.split('/'));
    const stat = statOrUndefined(target);
    if (stat?.isDirectory()) throw new SpxError('E_WRITE', `${target}: is a directory; move it away or use --dir to scaffold elsewhere`);
    if (stat) {
      conflicts.push(path);
      if (force) ensureWritable(dirname(target));
      continue;
    }
    ensureWritable(dirname(target));
  }
  return conflicts;
}

/** The nearest existing ancestor must be a writable directory (the rest is created). */
function ensureWritable(dir: string): void {
  let current = dir;
  for (;;) {
    const stat = statOrUndefined(current);
    if (stat) {
      if (!stat.isDirectory()) throw new SpxError('E_WRITE', `${current}: is not a directory, so nothing can be written under it; use --dir to scaffold elsewhere`);
      try {
        accessSync(current, constants.W_OK);
      } catch {
        throw new SpxError('E_WRITE', `${current}: directory is not writable; fix its permissions or use --dir to scaffold elsewhere`);
      }
      return;
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: some ancestor is a file; ensureWritable walks up to it and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new SpxError('E_WRITE', `${path}: cannot be checked (${code ?? String(error)}); check its permissions, or use --dir to scaffold elsewhere`);
  }
}

/** Existing targets stop the run before anything is written: the one-line E_FILE_EXISTS error (exit 2). */
function refuseConflicts(io: Io, dir: string, conflicts: readonly string[]): never {
  const names = conflicts.map((c) => display(dir, c, io.cwd)).join(', ');
  throw new SpxError(
    'E_FILE_EXISTS',
    `${names} already exist${conflicts.length === 1 ? 's' : ''}; nothing was written: run again with --force to replace (each old file is kept as FILE.bak), or use --dir to scaffold elsewhere`,
  );
}

/** Writes each file atomically; an existing one (only with --force) is first copied to FILE.bak. Returns the backups. */
function writeAll(dir: string, files: readonly ScaffoldFile[], existing: ReadonlySet<string>): Map<string, string> {
  const backups = new Map<string, string>();
  for (const file of files) {
    const target = join(dir, ...file.path.split('/'));
    try {
      mkdirSync(dirname(target), { recursive: true });
    } catch (error) {
      throw new SpxError('E_WRITE', `${dirname(target)}: cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the permissions, or use --dir to scaffold elsewhere`);
    }
    if (existing.has(file.path)) {
      const backup = freeBackupName(target);
      try {
        // EXCL: an older backup is never overwritten either. The original stays in place until the rename below.
        copyFileSync(target, backup, constants.COPYFILE_EXCL);
      } catch (error) {
        throw new SpxError('E_WRITE', `${backup}: the backup cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); ${file.path} was left as it was`);
      }
      backups.set(file.path, `${file.path}${backup.slice(target.length)}`);
    }
    writeFileAtomic(target, file.contents);
  }
  return backups;
}

/** FILE.bak, or FILE.bak.1, FILE.bak.2… when earlier backups exist. */
function freeBackupName(target: string): string {
  if (!existsSync(`${target}.bak`)) return `${target}.bak`;
  for (let i = 1; ; i++) if (!existsSync(`${target}.bak.${i}`)) return `${target}.bak.${i}`;
}

/** A target as the user would type it: relative to the working directory when inside it. */
function display(dir: string, path: string, cwd: string): string {
  const full = join(dir, ...path.split('/'));
  const rel = relative(cwd, full);
  return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? full : rel;
}
