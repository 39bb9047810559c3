/** A concise builder of Process objects for analysis tests: steps as { id: { d, next: [[to, p, within?]] } }. */
import type { Duration, Outcome, Process, Role, Step, Track, Transition } from '../../src/model/types.js';

/** A duration: a number of business days (fixed) or a Duration. */
export type D = number | Duration;

export interface StepSpec {
  /** Duration; omit for a parallel step (give `tracks`) — defaults to fixed 1 otherwise. */
  readonly d?: D;
  readonly tracks?: Readonly<Record<string, { readonly d: D; readonly with?: readonly string[]; readonly owner?: string }>>;
  /** [to, p, within?] */
  readonly next: readonly (readonly [string, number, D?])[];
  readonly with?: readonly string[];
  readonly owner?: string;
  readonly title?: string;
  readonly ask?: boolean;
  readonly requires?: { readonly involved?: readonly string[]; readonly completed?: readonly string[] };
}

export interface ProcessOptions {
  /** Defaults to the first step. */
  readonly start?: string;
  /** Defaults to { won: 'won', lost: 'lost' }. */
  readonly outcomes?: Readonly<Record<string, 'won' | 'lost' | 'disqualified'>>;
}

export const fixed = (value: number): Duration => ({ dist: 'fixed', value });
export const pert = (min: number, likely: number, max: number): Duration => ({ dist: 'pert', min, likely, max });
export const tri = (min: number, likely: number, max: number): Duration => ({ dist: 'triangular', min, likely, max });
export const uni = (min: number, max: number): Duration => ({ dist: 'uniform', min, max });

const toDuration = (d: D): Duration => (typeof d === 'number' ? fixed(d) : d);

/**
 * Two processes of `n` steps s0 … s(n−1), for the no-recursion tests: `chain` runs straight through to won;
 * in `ring` every step goes on to the next (the last back to s0) with p 0.9, or to won.
 */
export function chainAndRing(n: number): { chain: Process; ring: Process } {
  const chain: Record<string, StepSpec> = {};
  const ring: Record<string, StepSpec> = {};
  for (let i = 0; i < n; i++) {
    chain[`s${i}`] = { next: [[i + 1 < n ? `s${i + 1}` : 'won', 1]] };
    ring[`s${i}`] = { next: [[`s${(i + 1) % n}`, 0.9], ['won', 0.1]] };
  }
  return { chain: makeProcess(chain), ring: makeProcess(ring) };
}

/** Builds a Process; roles are collected from owners and `with` lists. */
export function makeProcess(specs: Readonly<Record<string, StepSpec>>, options: ProcessOptions = {}): Process {
  const steps = new Map<string, Step>();
  const sellers = new Map<string, Role>();
  const buyers = new Map<string, Role>();
  const seller = (id: string | undefined): void => {
    if (id !== undefined) sellers.set(id, { id, title: id, decisionMaker: false });
  };
  const buyer = (id: string): void => {
    buyers.set(id, { id, title: id, decisionMaker: false });
  };
  for (const [id, spec] of Object.entries(specs)) {
    const path = ['steps', id];
    const owner = spec.owner ?? 'ae';
    seller(owner);
    (spec.with ?? []).forEach(buyer);
    const parallel: Track[] = Object.entries(spec.tracks ?? {}).map(([trackId, track]) => {
      seller(track.owner);
      (track.with ?? []).forEach(buyer);
      return { id: trackId, owner: track.owner, with: track.with ?? [], duration: toDuration(track.d), path: [...path, 'parallel', trackId] };
    });
    const next: Transition[] = spec.next.map(([to, p, within], index) => ({
      to,
      p,
      pGiven: true,
      within: within === undefined ? undefined : toDuration(within),
      reason: undefined,
      path: [...path, 'next', index],
    }));
    steps.set(id, {
      id,
      title: spec.title ?? id,
      kind: undefined,
      owner,
      with: spec.with ?? [],
      duration: parallel.length > 0 ? undefined : toDuration(spec.d ?? 1),
      parallel,
      exitCriteria: ['done'],
      next,
      ask: spec.ask ?? false,
      requires: spec.requires ? { involved: spec.requires.involved ?? [], completed: spec.requires.completed ?? [] } : undefined,
      path,
    });
  }
  const outcomes = new Map<string, Outcome>();
  const results: Readonly<Record<string, 'won' | 'lost' | 'disqualified'>> = options.outcomes ?? { won: 'won', lost: 'lost' };
  for (const [id, result] of Object.entries(results)) {
    outcomes.set(id, { id, result, path: ['outcomes', id] });
  }
  return {
    apiVersion: 'spx/v1',
    name: 'test',
    title: 'Test',
    version: '1.0.0',
    segment: 'other',
    description: undefined,
    appliesTo: undefined,
    targets: { cycleDays: undefined, winRate: undefined },
    calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [], timeZone: 'UTC' },
    sellerRoles: sellers,
    buyerRoles: buyers,
    start: options.start ?? Object.keys(specs)[0]!,
    steps,
    outcomes,
    crm: undefined,
  };
}
