/** Writes fitted numbers back into a process file's YAML text, keeping every other byte as it was. */
import semver from 'semver';
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { SpxError } from './errors.js';
import { loadProcess } from './process-file.js';

/** A three-point estimate, written as `{ min, likely, max }` (PERT, the default): in business days, or in calendar days with `unit`. */
export interface FittedDuration {
  readonly min: number;
  readonly likely: number;
  readonly max: number;
  /** `calendar-days`: the numbers are calendar days, written with `unit: calendar-days`. */
  readonly unit?: 'calendar-days';
}

/** New numbers for one step: transition probabilities by target id, and/or its duration. */
export interface StepCalibration {
  /** Target (step or outcome id) → new `p`. Transitions not named keep theirs. */
  readonly next?: ReadonlyMap<string, number>;
  readonly duration?: FittedDuration;
}

/** What to write: step id → its new numbers. */
export interface CalibrationUpdate {
  readonly steps: ReadonlyMap<string, StepCalibration>;
  /** Decimals of the shares several transitions to one target split a new `p` into (default 2: hundredths). */
  readonly shareDecimals?: number;
  /** `crm.stages` keys to rename, old name → new name (the value and its place stay as written). */
  readonly crmStageRenames?: ReadonlyMap<string, string>;
  /** How to raise `metadata.version` (default `patch`; `none` leaves it). */
  readonly bump?: 'major' | 'minor' | 'patch' | 'none';
}

/** The edited text, and the version it now declares. */
export interface CalibrationResult {
  readonly text: string;
  readonly version: string;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies fitted numbers to a process file's text (what `spx calibrate --write` and `spx import --into` write) and
 * raises its PATCH version (`1.4.2` → `1.4.3`; a prerelease `1.5.0-rc.1` becomes `1.5.0`) or the bump `update.bump`
 * names. Only the edited values change: comments, blank lines, quoting, key order and the style of every other node
 * stay byte-identical. `crmStageRenames` rewrites `crm.stages` keys in place (quoted when YAML needs it).
 *
 * - Each `p` named in `next` replaces the transition's `p` (inserted after `to` when the file leaves it out). A `p`
 *   already equal to the new value is left as written. Several transitions to one target (e.g. `lost` for different
 *   reasons) share the new value in proportion to their current ones, in hundredths, so they keep summing to it.
 * - `duration` replaces the step's duration, whatever its form, with a flow-style `{ min, likely, max }`.
 *
 * Numbers are written as JavaScript prints them: round them first (shares to 2 decimals). Pure: throws SpxError
 * `E_INVALID_PROCESS` when the text is not a valid process, `E_UNKNOWN_STEP` for a step or transition target it does
 * not have, and `E_USAGE` for a duration on a parallel step (its tracks carry the durations).
 */
export function applyCalibration(text: string, update: CalibrationUpdate): CalibrationResult {
  const loaded = loadProcess('process', text);
  const document = loaded.parsed?.document;
  if (!loaded.process || !document || !isMap(document.contents)) {
    const first = loaded.diagnostics[0];
    throw new SpxError('E_INVALID_PROCESS', `cannot write to a process that does not load${first ? ` (${first.line}:${first.column} ${first.message})` : ''}; fix it first (spx lint)`);
  }
  const root = document.contents;
  const edits: Edit[] = [];
  const steps = mapAt(root, 'steps');
  for (const [stepId, calibration] of update.steps) {
    const stepPair = steps && pairOf(steps, stepId);
    if (!stepPair || !isMap(stepPair.value)) throw new SpxError('E_UNKNOWN_STEP', `step "${stepId}" is not in the process; nothing was written`);
    const step = stepPair.value;
    if (calibration.next && calibration.next.size > 0) edits.push(...probabilityEdits(text, stepId, step, calibration.next, update.shareDecimals ?? 2));
    if (calibration.duration) edits.push(durationEdit(text, stepId, step, calibration.duration));
  }
  if (update.crmStageRenames && update.crmStageRenames.size > 0) {
    const crm = mapAt(root, 'crm');
    const stages = crm && mapAt(crm, 'stages');
    for (const [from, to] of update.crmStageRenames) {
      const pair = stages && pairOf(stages, from);
      if (!pair) throw new SpxError('E_UNKNOWN_STEP', `crm.stages has no stage "${from}" to rename; nothing was written`);
      const keyNode = pair.key as Scalar;
      edits.push({ start: keyNode.range![0], end: keyNode.range![1], text: yamlKey(to) });
    }
  }
  const version = loaded.process.version;
  const bump = update.bump ?? 'patch';
  const raised = bump === 'none' ? version : semver.inc(version, bump);
  const versionPair = pairOf(mapAt(root, 'metadata')!, 'version')!;
  if (!raised) throw new SpxError('E_INVALID_PROCESS', `metadata.version "${version}" is not a semver version; fix it first (spx lint)`);
  if (raised !== version) edits.push(scalarEdit(versionPair.value as Scalar, raised));
  return { text: applyEdits(text, edits), version: raised };
}

/** Edits of the `p` values of one step's transitions. */
function probabilityEdits(text: string, stepId: string, step: YAMLMap, shares: ReadonlyMap<string, number>, decimals: number): Edit[] {
  const next = pairOf(step, 'next')?.value;
  const transitions = isSeq(next) ? next.items.filter((item): item is YAMLMap => isMap(item)) : [];
  const edits: Edit[] = [];
  for (const [target, p] of shares) {
    const matching = transitions.filter((t) => String(scalarValue(pairOf(t, 'to')?.value)) === target);
    if (matching.length === 0) throw new SpxError('E_UNKNOWN_STEP', `step "${stepId}" has no transition to "${target}"; nothing was written`);
    // A lone p-less transition is certain (p 1); several p-less ones count as 0 (lint requires p on them).
    const current = matching.map((t) => {
      const value = scalarValue(pairOf(t, 'p')?.value);
      return typeof value === 'number' ? value : transitions.length === 1 ? 1 : 0;
    });
    const split = matching.length === 1 ? [p] : proportionalSplit(p, current, decimals);
    matching.forEach((transition, index) => {
      const edit = probabilityEdit(text, transition, split[index]!, current[index]!);
      if (edit) edits.push(edit);
    });
  }
  return edits;
}

/** Splits `total` (in units of 10^-decimals) across entries in proportion to `weights` (evenly when they are all 0), largest remainders first. */
function proportionalSplit(total: number, weights: readonly number[], decimals: number): number[] {
  const scale = 10 ** decimals;
  const hundredths = Math.round(total * scale);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (hundredths * w) / sum : hundredths / weights.length));
  const floors = exact.map(Math.floor);
  let left = hundredths - floors.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - floors[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  return floors.map((h) => Number((h / scale).toFixed(decimals)));
}

/** A mapping key as YAML: plain when it reads back as the same string, else double-quoted (JSON is valid YAML). */
function yamlKey(name: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9 _./()-]*$/.test(name) && !/\s$/.test(name) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(name);
  return plain ? name : JSON.stringify(name);
}

function probabilityEdit(text: string, transition: YAMLMap, p: number, current: number): Edit | undefined {
  const pPair = pairOf(transition, 'p');
  if (current === p) return undefined;
  if (pPair && isScalar(pPair.value)) return scalarEdit(pPair.value, p);
  // No p written: add one right after `to`, in the map's own style.
  const to = pairOf(transition, 'to')!.value as Scalar;
  const toEnd = to.range![1];
  if (transition.flow) return { start: toEnd, end: toEnd, text: `, p: ${p}` };
  const indent = columnOf(text, (pairOf(transition, 'to')!.key as YamlNode).range![0]);
  const lineEnd = endOfLine(text, toEnd);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineEnd, end: lineEnd, text: `${newline}${' '.repeat(indent)}p: ${p}` };
}

/** Replaces a step's duration value (any form) with a flow-style estimate. */
function durationEdit(text: string, stepId: string, step: YAMLMap, duration: FittedDuration): Edit {
  const unit = duration.unit === 'calendar-days' ? ', unit: calendar-days' : '';
  const flow = `{ min: ${duration.min}, likely: ${duration.likely}, max: ${duration.max}${unit} }`;
  const pair = pairOf(step, 'duration');
  if (!pair) {
    if (pairOf(step, 'parallel')) throw new SpxError('E_USAGE', `step "${stepId}" is parallel: its tracks have the durations, not the step; nothing was written`);
    throw new SpxError('E_INVALID_PROCESS', `step "${stepId}" has no duration to replace; nothing was written`);
  }
  const value = pair.value as YamlNode;
  if ((isMap(value) || isSeq(value)) && !value.flow) {
    // A block map starts on the next line: replace from the colon, keeping a comment on the key's line.
    const keyEnd = (pair.key as YamlNode).range![1];
    const keyLine = text.slice(keyEnd, endOfLine(text, keyEnd));
    const hash = keyLine.indexOf('#');
    const comment = hash >= 0 ? ` ${keyLine.slice(hash)}` : '';
    // The block's range runs on to the next key's line: stop at its last character.
    let end = value.range![1];
    while (end > keyEnd && /\s/.test(text[end - 1]!)) end--;
    return { start: keyEnd, end, text: `: ${flow}${comment}` };
  }
  return { start: value.range![0], end: value.range![1], text: flow };
}

/** Replaces a scalar's source, keeping its quotes when it had them. */
function scalarEdit(scalar: Scalar, value: string | number): Edit {
  const quote = scalar.type === 'QUOTE_DOUBLE' ? '"' : scalar.type === 'QUOTE_SINGLE' ? "'" : '';
  return { start: scalar.range![0], end: scalar.range![1], text: `${quote}${value}${quote}` };
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function mapAt(map: YAMLMap, key: string): YAMLMap | undefined {
  const value = pairOf(map, key)?.value;
  return isMap(value) ? value : undefined;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key) as Pair | undefined;
}

function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** 0-based column of an offset. */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The offset of the end of the line holding `offset` (before its line break). */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}
