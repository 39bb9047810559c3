/** `importPipeline`: a CRM's pipeline (a deploy payload or an API read response) as a starter process, probabilities fitted. */
import { SpxError } from '../model/errors.js';
import { renderYaml, type Comment } from '../scaffold/yaml-text.js';
import type { DocPath } from '../model/types.js';
import { VENDOR_LIMITS, type CrmVendor } from './stages.js';
import { childrenNamed, childText, localName, parseXml, XmlSyntaxError, type XmlElement } from './xml.js';

/** One stage as the CRM defines it. */
export interface CrmStage {
  /** The CRM's own id when the input has one (HubSpot and Pipedrive read responses), else undefined. */
  readonly id: string | undefined;
  /** The name users see (and Salesforce's StageName values hold). */
  readonly label: string;
  readonly kind: 'open' | 'won' | 'lost';
  /** The CRM's stage probability, 0 to 1. */
  readonly probability: number;
  /** Pipedrive: days after which a deal not updated in the stage rots; undefined when rotting is off or unknown. */
  readonly rottenDays: number | undefined;
}

/** A CRM pipeline read from a file. */
export interface CrmPipeline {
  readonly vendor: CrmVendor;
  /** The pipeline's id (read responses) — becomes `crm.pipeline`. */
  readonly id: string | undefined;
  /** The pipeline's display name, when the input has one. */
  readonly label: string | undefined;
  /** The pipeline's API name (Salesforce BusinessProcess fullName), when it has one besides its label. */
  readonly name?: string;
  /** In the CRM's stage order. */
  readonly stages: readonly CrmStage[];
}

/** How {@link importPipeline} reads: which pipeline of several, and the process name. */
export interface ImportOptions {
  /** Names the file in messages (default `input`). */
  readonly source?: string;
  /** Which pipeline (id or label) of a response that holds several. */
  readonly pipeline?: string;
  /** Salesforce: the BusinessProcess XML whose stages to take (default: every value of the StandardValueSet). */
  readonly businessProcess?: string;
  /** The process name (kebab-cased); default: the pipeline's name or label, else `defaultName`. */
  readonly name?: string;
  /** The process name when neither `name` nor the pipeline gives one (default `imported`). */
  readonly defaultName?: string;
}

/** What importPipeline produces: the YAML text, and what could not be fitted (also written as comments in the YAML). */
export interface ImportResult {
  readonly yaml: string;
  readonly pipeline: CrmPipeline;
  /** One line per stage whose win probability could not be made equal to the CRM's, and per other caveat. */
  readonly notes: readonly string[];
}

/** The smallest probability a fitted transition gets, so no stage cuts the chain (a p of 0 would make the rest unreachable). */
export const MIN_FITTED_P = 0.01;

/**
 * Reads a pipeline in `vendor`'s format (see {@link readPipeline}) and writes a starter process for it: one step
 * per open stage in a linear chain in stage order (the last one asks for the business), one outcome per closed
 * stage (Pipedrive: `won` and `lost`, its deal statuses), a `crm` block mapping every stage id and label back, and
 * `# TODO` comments where the CRM holds nothing (owners, buyer roles, durations, timeframes, exit criteria).
 *
 * Fitting: with stage probabilities P1…Pn (open stages in order), the chain's exact win probability of stage i is
 * A_i = p_i·A_{i+1} with A_n = p_n (the last stage's p to won), so p_i = P_i / A_{i+1} makes A_i = P_i exactly
 * whenever that ratio lies in [0.01, 1]. It does not when a later stage has a lower probability than an earlier one
 * (the ratio exceeds 1: p is 1 and A_i is A_{i+1}) or when a stage's probability is 0 (p is 0.01 so later stages stay
 * reachable); each such stage gets a note and a comment. Transition probabilities are written with 9 decimals, so a fitted win probability is within 1e-8 of the CRM's.
 */
export function importPipeline(text: string, vendor: CrmVendor, options: ImportOptions = {}): ImportResult {
  const pipeline = readPipeline(text, vendor, options);
  const source = options.source ?? 'input';
  const open = pipeline.stages.filter((stage) => stage.kind === 'open');
  const closed = pipeline.stages.filter((stage) => stage.kind !== 'open');
  if (open.length === 0) throw new SpxError('E_IMPORT', `${source}: the pipeline has no open stage, so there is no step to import`);
  if (VENDOR_LIMITS[vendor].closedStages && !closed.some((stage) => stage.kind === 'won')) {
    throw new SpxError('E_IMPORT', `${source}: the pipeline has no closed-won stage; a process needs a way to won`);
  }
  const seen = new Map<string, string>();
  for (const stage of pipeline.stages) {
    const key = stage.label.trim().toLowerCase();
    if (seen.has(key)) throw new SpxError('E_IMPORT', `${source}: two stages are named "${stage.label}"; deal data could not tell them apart`);
    seen.set(key, stage.label);
  }

  // Ids: outcomes first (`won` and `lost` for the first of each), then steps from the labels.
  const used = new Set<string>();
  const unique = (base: string): string => {
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
  const outcomes: { id: string; stage: CrmStage | undefined; result: 'won' | 'lost' }[] = [];
  for (const result of ['won', 'lost'] as const) {
    const first = closed.find((stage) => stage.kind === result);
    if (first || !VENDOR_LIMITS[vendor].closedStages || result === 'lost') outcomes.push({ id: unique(result), stage: first, result });
  }
  for (const stage of closed) {
    if (!outcomes.some((outcome) => outcome.stage === stage)) outcomes.push({ id: unique(slug(stage.label)), stage, result: stage.kind as 'won' | 'lost' });
  }
  const stepIds = open.map((stage) => unique(slug(stage.label)));
  const wonId = outcomes.find((outcome) => outcome.result === 'won')!.id;
  const lostId = outcomes.find((outcome) => outcome.result === 'lost')!.id;

  // Fit backwards so each stage fits whenever it can, whatever happened to later ones.
  const notes: string[] = [];
  const stepNotes = new Map<number, string>();
  const p: number[] = new Array<number>(open.length);
  let achievedNext = 1;
  for (let i = open.length - 1; i >= 0; i--) {
    const wanted = open[i]!.probability;
    const exact = wanted / achievedNext;
    const fitted = round9(Math.min(1, Math.max(MIN_FITTED_P, exact)));
    p[i] = fitted;
    const achieved = fitted * achievedNext;
    if (Math.abs(achieved - wanted) > 1e-8) {
      const why =
        exact > 1
          ? `a later stage has a lower probability (${formatP(achievedNext)}), and a deal can only lose chances on the way`
          : `a probability of 0 would make every later stage unreachable, so the step moves on with p ${MIN_FITTED_P}`;
      const note = `stage "${open[i]!.label}": the CRM says ${formatP(wanted)}, the imported process gives ${formatP(achieved)} — ${why}`;
      notes.push(note);
      stepNotes.set(i, note);
    }
    achievedNext = achieved;
  }

  const comments: Comment[] = [];
  const steps: Record<string, unknown> = {};
  open.forEach((stage, i) => {
    const id = stepIds[i]!;
    const next: Record<string, unknown>[] = [];
    const onward = i + 1 < open.length ? stepIds[i + 1]! : wonId;
    next.push({ to: onward, p: p[i]! });
    const lose = round9(1 - p[i]!);
    if (lose > 0) next.push({ to: lostId, p: lose });
    steps[id] = {
      title: stage.label,
      owner: 'ae',
      with: ['champion'],
      duration: 1,
      ...(i === open.length - 1 ? { ask: true } : {}),
      next,
    };
    const about = `CRM stage "${stage.label}"${stage.id !== undefined && stage.id !== stage.label ? ` (id ${stage.id})` : ''}: win probability ${formatP(stage.probability)}`;
    const note = stepNotes.get(i);
    comments.push({ path: ['steps', id], before: note ? `${about}.\nNot fitted: ${note.slice(note.indexOf(':') + 2)}.` : `${about}.`, blankBefore: i > 0 });
    const rot = stage.rottenDays !== undefined ? ` ${VENDOR_LIMITS[vendor].title} marks a deal rotten after ${stage.rottenDays} days here.` : '';
    comments.push({ path: ['steps', id, 'duration'], after: `TODO: business days the step takes; the CRM does not say.${rot}` });
    comments.push({ path: ['steps', id, 'owner'], after: 'TODO: the seller role that runs this step' });
    comments.push({ path: ['steps', id, 'with'], after: 'TODO: the buyer roles who take part' });
    comments.push({ path: ['steps', id, 'next'], before: 'TODO: `within` (agreed timeframe to the next step) and `exitCriteria`; p fitted to the CRM probabilities' });
  });

  const outcomeData: Record<string, unknown> = {};
  for (const outcome of outcomes) {
    outcomeData[outcome.id] = { result: outcome.result };
    if (!outcome.stage && VENDOR_LIMITS[vendor].closedStages) comments.push({ path: ['outcomes', outcome.id], after: 'TODO: no CRM stage records this outcome' });
  }

  const crmStages: Record<string, string> = {};
  const map = (name: string, target: string): void => {
    if (!(name in crmStages)) crmStages[name] = target;
  };
  open.forEach((stage, i) => {
    if (stage.id !== undefined) map(stage.id, stepIds[i]!);
    map(stage.label, stepIds[i]!);
  });
  for (const outcome of outcomes) {
    if (outcome.stage) {
      if (outcome.stage.id !== undefined) map(outcome.stage.id, outcome.id);
      map(outcome.stage.label, outcome.id);
    } else if (!VENDOR_LIMITS[vendor].closedStages) map(outcome.result, outcome.id);
  }

  const name = slug(options.name ?? pipeline.name ?? pipeline.label ?? options.defaultName ?? 'imported');
  const label = pipeline.label ?? name;
  const data = {
    apiVersion: 'spx/v1',
    kind: 'SalesProcess',
    metadata: { name, title: label, version: '0.1.0', segment: 'other' },
    roles: {
      seller: { ae: 'Account executive' },
      buyer: { champion: { title: 'Champion', decisionMaker: true } },
    },
    start: stepIds[0]!,
    steps,
    outcomes: outcomeData,
    crm: { ...(pipeline.id !== undefined ? { pipeline: pipeline.id } : {}), stages: crmStages },
  };
  comments.push(
    { path: ['metadata', 'segment'], after: 'TODO: smb, mid-market, enterprise or global' },
    { path: ['roles'], before: 'TODO: placeholder roles so the file is valid: name your sellers and the buyer\'s people, and mark who signs', blankBefore: true },
    { path: ['steps'], blankBefore: true },
    { path: ['outcomes'], blankBefore: true },
    {
      path: ['crm'],
      before: `How deal data names these stages: every CRM stage id and label, mapped back to its step or outcome.${
        VENDOR_LIMITS[vendor].closedStages ? '' : `\n${VENDOR_LIMITS[vendor].title} records won and lost as a deal status, not a stage: they map to the outcomes.`
      }`,
      blankBefore: true,
    },
  );

  const vendorTitle = VENDOR_LIMITS[vendor].title;
  const header = [
    `Imported by spx import from the ${vendorTitle} pipeline${pipeline.label !== undefined ? ` "${pipeline.label}"` : ''}.`,
    '',
    'A starting point, not a model yet: one step per open CRM stage, in stage order. The transition',
    "probabilities are fitted so that each stage's exact win probability equals the CRM's stage",
    'probability; everything the CRM does not hold is marked TODO (owners, buyer roles, durations,',
    'timeframes, exit criteria). Run `spx lint` and `spx path` as you fill it in.',
    ...(notes.length > 0 ? ['', 'Not fitted exactly:', ...notes.map((note) => `- ${note}`)] : []),
  ].join('\n');

  const yaml = renderYaml(data, { header, flow: flowAt, comments });
  return { yaml, pipeline, notes };
}

/** Flow style for transitions, role objects, outcomes and `with` lists; block style elsewhere. */
function flowAt(path: DocPath, value: unknown): boolean {
  if (path.length === 4 && path[0] === 'steps' && path[2] === 'next') return true;
  if (path.length === 3 && path[0] === 'steps' && path[2] === 'with') return true;
  if (path.length === 3 && path[0] === 'roles' && typeof value === 'object') return true;
  return path.length === 2 && path[0] === 'outcomes';
}

function round9(x: number): number {
  return Number(x.toFixed(9));
}

function formatP(p: number): string {
  return `${Number((p * 100).toFixed(4))}%`;
}

/** A kebab-case id from a stage label ("Appointment Scheduled" → appointment-scheduled); `stage` when nothing is left. */
export function slug(label: string): string {
  const id = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id === '' ? 'stage' : id;
}

/**
 * Reads a pipeline from `text`:
 * - `hubspot`: a `POST /crm/v3/pipelines/deals` body (what `spx export` writes), one pipeline of a read response, or
 *   `GET /crm/v3/pipelines/deals` (`{results: [...]}`; `options.pipeline` picks one by id or label when several are
 *   not archived). Stages sort by `displayOrder`, then label (as HubSpot shows them); archived stages are skipped; a
 *   closed stage with probability 1 is won, any other closed stage lost.
 * - `salesforce`: the `OpportunityStage` StandardValueSet XML, in its order; with `options.businessProcess`, only the
 *   values that BusinessProcess lists (names percent-decoded).
 * - `pipedrive`: an array of stages (what `spx export` writes) or `GET /v1/stages` (`{success, data: [...]}`), by
 *   `order_nr`; deleted stages (`active_flag: false`) are skipped; stages of several pipelines need `options.pipeline`
 *   (`pipeline_id` or `pipeline_name`). A missing `deal_probability` is Pipedrive's default, 100.
 *
 * Throws an `E_IMPORT` SpxError naming the JSON path or XML line of the first thing that is not a pipeline.
 */
export function readPipeline(text: string, vendor: CrmVendor, options: ImportOptions = {}): CrmPipeline {
  const source = options.source ?? 'input';
  const fail = (where: string, message: string): never => {
    throw new SpxError('E_IMPORT', `${source}${where === '' ? '' : `: ${where}`}: ${message}`);
  };
  if (vendor === 'salesforce') return readSalesforce(text, options, fail);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail('', `not JSON (${(error as Error).message}); expected a ${VENDOR_LIMITS[vendor].title} pipeline`);
  }
  return vendor === 'hubspot' ? readHubspot(json, options, fail) : readPipedrive(json, options, fail);
}

type Fail = (where: string, message: string) => never;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readHubspot(json: unknown, options: ImportOptions, fail: Fail): CrmPipeline {
  let candidates: { value: Record<string, unknown>; path: string }[];
  if (isObject(json) && Array.isArray(json['results'])) {
    candidates = json['results'].map((value, i) => {
      if (!isObject(value)) fail(`results[${i}]`, 'expected a pipeline object');
      return { value: value as Record<string, unknown>, path: `results[${i}]` };
    });
  } else if (isObject(json) && Array.isArray(json['stages'])) {
    candidates = [{ value: json, path: '' }];
  } else {
    return fail('', 'not a HubSpot pipeline: expected a pipeline ({label, stages}) or a GET /crm/v3/pipelines/deals response ({results})');
  }
  const pipelineLabel = (value: Record<string, unknown>): string | undefined => (typeof value['label'] === 'string' ? value['label'] : undefined);
  const pipelineId = (value: Record<string, unknown>): string | undefined => (typeof value['id'] === 'string' ? value['id'] : undefined);
  let chosen: { value: Record<string, unknown>; path: string };
  if (options.pipeline !== undefined) {
    const match = candidates.find((c) => pipelineId(c.value) === options.pipeline || pipelineLabel(c.value) === options.pipeline);
    if (!match) return fail('', `no pipeline "${options.pipeline}"; the file has ${describeChoices(candidates.map((c) => [pipelineId(c.value), pipelineLabel(c.value)]))}`);
    chosen = match;
  } else {
    const live = candidates.filter((c) => c.value['archived'] !== true);
    if (live.length !== 1) {
      return fail('', live.length === 0 ? 'no pipeline that is not archived' : `${live.length} pipelines: choose one with --pipeline (${describeChoices(live.map((c) => [pipelineId(c.value), pipelineLabel(c.value)]))})`);
    }
    chosen = live[0]!;
  }
  const at = (suffix: string): string => (chosen.path === '' ? suffix : `${chosen.path}.${suffix}`);
  checkName(chosen.value['label'], at('label'), fail);
  const rawStages = chosen.value['stages'];
  if (!Array.isArray(rawStages)) return fail(at('stages'), 'expected an array of stages');
  const stages = rawStages
    .map((raw, i) => {
      const where = at(`stages[${i}]`);
      if (!isObject(raw)) return fail(where, 'expected a stage object');
      if (raw['archived'] === true) return undefined;
      const label = raw['label'];
      if (typeof label !== 'string' || label.trim() === '') return fail(`${where}.label`, 'expected a non-empty string');
      checkName(label, `${where}.label`, fail);
      const metadata = raw['metadata'];
      if (!isObject(metadata)) return fail(`${where}.metadata`, 'expected an object with probability (deal pipelines require it)');
      const probability = parseNumber(metadata['probability']);
      if (probability === undefined || !(probability >= 0 && probability <= 1)) {
        return fail(`${where}.metadata.probability`, `expected a number from 0.0 to 1.0, got ${JSON.stringify(metadata['probability'])}`);
      }
      const closedValue = metadata['isClosed'];
      const closed = closedValue === true || closedValue === 'true';
      if (closedValue !== undefined && !closed && closedValue !== false && closedValue !== 'false') {
        return fail(`${where}.metadata.isClosed`, `expected "true" or "false", got ${JSON.stringify(closedValue)}`);
      }
      const order = typeof raw['displayOrder'] === 'number' ? raw['displayOrder'] : i;
      const stage: CrmStage = {
        id: typeof raw['id'] === 'string' ? raw['id'] : undefined,
        label,
        kind: closed ? (probability === 1 ? 'won' : 'lost') : 'open',
        probability,
        rottenDays: undefined,
      };
      return { stage, order };
    })
    .filter((entry) => entry !== undefined)
    // HubSpot shows stages by displayOrder, equal orders alphabetically by label.
    .sort((a, b) => a.order - b.order || (a.stage.label < b.stage.label ? -1 : a.stage.label > b.stage.label ? 1 : 0))
    .map((entry) => entry.stage);
  return { vendor: 'hubspot', id: pipelineId(chosen.value), label: pipelineLabel(chosen.value), stages };
}

function readPipedrive(json: unknown, options: ImportOptions, fail: Fail): CrmPipeline {
  let raw: unknown[];
  let base: string;
  if (Array.isArray(json)) {
    raw = json;
    base = '';
  } else if (isObject(json) && Array.isArray(json['data'])) {
    if (json['success'] === false) return fail('success', 'the response reports a failed request');
    raw = json['data'];
    base = 'data';
  } else {
    return fail('', 'not Pipedrive stages: expected an array of stages or a GET /v1/stages response ({success, data})');
  }
  const parsed = raw
    .map((item, i) => {
      const where = `${base}[${i}]`;
      if (!isObject(item)) return fail(where, 'expected a stage object');
      if (item['active_flag'] === false) return undefined;
      const name = item['name'];
      if (typeof name !== 'string' || name.trim() === '') return fail(`${where}.name`, 'expected a non-empty string');
      const percent = item['deal_probability'];
      if (percent !== undefined && percent !== null && !(Number.isInteger(percent) && (percent as number) >= 0 && (percent as number) <= 100)) {
        return fail(`${where}.deal_probability`, `expected a whole percent from 0 to 100, got ${JSON.stringify(percent)}`);
      }
      const rotten = item['rotten_flag'] === true && typeof item['rotten_days'] === 'number' ? item['rotten_days'] : undefined;
      const order = typeof item['order_nr'] === 'number' ? item['order_nr'] : i;
      const stage: CrmStage = {
        id: typeof item['id'] === 'number' || typeof item['id'] === 'string' ? String(item['id']) : undefined,
        label: name,
        kind: 'open',
        // Pipedrive's default stage probability is 100.
        probability: (typeof percent === 'number' ? percent : 100) / 100,
        rottenDays: rotten,
      };
      const pipelineId = item['pipeline_id'] === undefined || item['pipeline_id'] === null ? undefined : String(item['pipeline_id']);
      const pipelineName = typeof item['pipeline_name'] === 'string' ? item['pipeline_name'] : undefined;
      return { stage, order, pipelineId, pipelineName, where };
    })
    .filter((entry) => entry !== undefined);
  const pipelines = [...new Set(parsed.map((entry) => entry.pipelineId))];
  let chosen = pipelines[0];
  if (options.pipeline !== undefined) {
    const match = parsed.find((entry) => entry.pipelineId === options.pipeline || entry.pipelineName === options.pipeline);
    // spx export writes stages without a pipeline_id: there is no pipeline to name, so say that rather than list "?".
    if (!match && parsed.length === 0) return fail('', `no stages of pipeline "${options.pipeline}": the file has no active stage`);
    if (!match && parsed.every((entry) => entry.pipelineId === undefined && entry.pipelineName === undefined)) return fail('', `no stages of pipeline "${options.pipeline}": the stages name no pipeline (no pipeline_id, as spx export writes them); import them without --pipeline`);
    if (!match) return fail('', `no stages of pipeline "${options.pipeline}"; the file has ${describeChoices(pipelines.map((id) => [id, parsed.find((e) => e.pipelineId === id)?.pipelineName]))}`);
    chosen = match.pipelineId;
  } else if (pipelines.length > 1) {
    return fail('', `stages of ${pipelines.length} pipelines: choose one with --pipeline (${describeChoices(pipelines.map((id) => [id, parsed.find((e) => e.pipelineId === id)?.pipelineName]))})`);
  }
  const mine = parsed.filter((entry) => entry.pipelineId === chosen).sort((a, b) => a.order - b.order);
  // Names are checked in the chosen pipeline only: a bad name elsewhere in the account must not block this one.
  for (const entry of mine) {
    checkName(entry.stage.label, `${entry.where}.name`, fail);
    checkName(entry.pipelineName, `${entry.where}.pipeline_name`, fail);
  }
  return { vendor: 'pipedrive', id: chosen, label: mine.find((entry) => entry.pipelineName !== undefined)?.pipelineName, stages: mine.map((entry) => entry.stage) };
}

function readSalesforce(text: string, options: ImportOptions, fail: Fail): CrmPipeline {
  const document = (xml: string, what: string, root: string): XmlElement => {
    let element: XmlElement;
    try {
      element = parseXml(xml.replace(/^\uFEFF/, ''));
    } catch (error) {
      if (error instanceof XmlSyntaxError) return fail(`line ${error.line}`, `malformed XML (${error.message}); expected ${what}`);
      throw error;
    }
    if (localName(element) !== root) return fail(`line ${element.line}`, `<${element.name}> is not ${what} (<${root}>)`);
    return element;
  };
  const valueSet = document(text, 'the OpportunityStage StandardValueSet', 'StandardValueSet');
  const stages = childrenNamed(valueSet, 'standardValue').map((value): CrmStage & { line: number } => {
    const where = `line ${value.line}`;
    const fullName = childText(value, 'fullName');
    if (!fullName) return fail(where, '<standardValue> without a <fullName>');
    const flag = (name: string): boolean => {
      const text = childText(value, name);
      if (text === undefined || text === 'false') return false;
      if (text === 'true') return true;
      return fail(where, `<${name}> of "${fullName}" must be true or false, got "${text}"`);
    };
    const percentText = childText(value, 'probability');
    const percent = percentText === undefined ? NaN : Number(percentText);
    if (!(Number.isInteger(percent) && percent >= 0 && percent <= 100)) {
      return fail(where, `<probability> of "${fullName}" must be a whole percent from 0 to 100, got ${percentText === undefined ? 'none' : `"${percentText}"`}`);
    }
    const closed = flag('closed');
    const label = childText(value, 'label') || fullName;
    return { id: fullName, label, kind: closed ? (flag('won') ? 'won' : 'lost') : 'open', probability: percent / 100, rottenDays: undefined, line: value.line };
  });
  // Names are checked in the stages taken only: a bad value outside the business process must not block it.
  const checked = (taken: typeof stages): CrmStage[] =>
    taken.map(({ line, ...stage }) => {
      checkName(stage.id, `line ${line}`, fail);
      checkName(stage.label, `line ${line}`, fail);
      return stage;
    });
  if (options.businessProcess === undefined) return { vendor: 'salesforce', id: undefined, label: undefined, stages: checked(stages) };
  const process = document(options.businessProcess, 'a BusinessProcess', 'BusinessProcess');
  const listed = new Set(
    childrenNamed(process, 'values').map((value) => {
      const name = childText(value, 'fullName');
      if (!name) return fail(`line ${value.line}`, '<values> without a <fullName>');
      return decodeValueName(name);
    }),
  );
  for (const name of listed) {
    if (!stages.some((stage) => stage.id === name)) fail('', `the BusinessProcess lists "${name}", which the StandardValueSet does not define`);
  }
  const name = childText(process, 'fullName');
  const label = childText(process, 'description') || name;
  return { vendor: 'salesforce', id: undefined, label, name, stages: checked(stages.filter((stage) => listed.has(stage.id!))) };
}

/** Undoes the percent-encoding of retrieved BusinessProcess value names (`Id%2E Decision Makers`). */
export function decodeValueName(name: string): string {
  return name.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * Why a name from the CRM cannot be used, or undefined: a control character (it would go raw into YAML comments,
 * which other YAML parsers refuse, and into messages on a terminal) or a lone surrogate (not text at all).
 */
function nameFault(name: string): string | undefined {
  const control = /[\u0000-\u001f\u007f-\u009f]/.exec(name);
  if (control) return `contains control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}; rename it in the CRM`;
  const surrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(name);
  if (surrogate) return `contains a lone surrogate (U+${surrogate[0].charCodeAt(0).toString(16).toUpperCase()}), not text; export the pipeline again`;
  return undefined;
}

/** Fails at `where` when `name` (a string) cannot be used ({@link nameFault}). */
function checkName(name: unknown, where: string, fail: Fail): void {
  const fault = typeof name === 'string' ? nameFault(name) : undefined;
  if (fault !== undefined) fail(where, fault);
}

function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*[0-9]+(\.[0-9]+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

function describeChoices(choices: readonly (readonly [string | undefined, string | undefined])[]): string {
  // Names of pipelines not chosen are not checked: their control characters become spaces here.
  const shown = (name: string): string => name.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return choices.map(([id, label]) => (id !== undefined && label !== undefined && id !== label ? `${shown(id)} "${shown(label)}"` : `"${shown(id ?? label ?? '?')}"`)).join(', ');
}
