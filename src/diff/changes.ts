/** The semantic comparison of two versions of a process: every change, where it is, and the bump it needs. */
import type { DocPath, Gate, Process, Role, Step, Track, Transition } from '../model/types.js';
import type { Bump } from './bump.js';

/** One side of a comparison: the model, and the plain data its YAML parsed to (for descriptions and values). */
export interface CompareSide {
  readonly process: Process;
  /**
   * What the file's YAML parsed to. Without it, descriptions and owners (which the model leaves out) are not
   * compared, and values are reported in their normalized form.
   */
  readonly data?: unknown;
}

export type ChangeKind = 'added' | 'removed' | 'renamed' | 'changed';

/** The part of the process a change is in. */
export type LocationKind =
  | 'process'
  | 'metadata'
  | 'appliesTo'
  | 'targets'
  | 'calendar'
  | 'role'
  | 'start'
  | 'step'
  | 'track'
  | 'transition'
  | 'gate'
  | 'outcome'
  | 'crm';

/** A change, classified: what, where (a document path), the values on each side, and the bump it needs. */
export interface ClassifiedChange {
  readonly kind: ChangeKind;
  readonly location: LocationKind;
  /** What changed, for people: "step discovery", "transition discovery → lost (no-fit)", "buyer role it". */
  readonly subject: string;
  /** For `changed`: the field of the subject that changed (e.g. "duration"); undefined for the whole subject. */
  readonly field: string | undefined;
  /** A document path in the new file, or in the old one for removals (see `side`). */
  readonly path: DocPath;
  readonly side: 'old' | 'new';
  /** The same place in the old file, when it has one (changes and renames). */
  readonly oldPath: DocPath | undefined;
  /** Values as written (plain data), null where absent; for a rename, the old and the new id. */
  readonly before: unknown;
  readonly after: unknown;
  readonly bump: Bump;
  /** One line: "step security-review added", "step discovery: duration changed". */
  readonly message: string;
}

type Side = 'old' | 'new';

/**
 * Compares two versions of a process and classifies every change ("Versions and diffs" in the format reference):
 *
 * - **major**: a step or outcome removed or renamed, `start` changed; also a new `metadata.name` (a different
 *   process to everything that refers to it) and an outcome whose `result` flips (CRM won/lost maps break);
 * - **minor**: a step, transition, track, role, gate, outcome or `appliesTo` added or changed — a step's
 *   kind, owner, `with` or `ask`; a transition's `to` or `reason`; a track's owner or `with`; a role's `decisionMaker`;
 *   removed roles, tracks, transitions and gates; the segment; the `crm` mapping (the block, its pipeline, a stage
 *   added, removed or mapped elsewhere, a CRM role added, removed or mapped elsewhere);
 * - **patch**: estimates (durations, `within`, `p`), titles, descriptions, exit criteria, targets, the
 *   calendar (workdays, holidays, time zone) and the owners list.
 *
 * Steps, tracks, roles and outcomes are matched by id. One whose id changed but whose content is identical is a
 * rename (references to it are followed, so a pure rename is one change). Transitions are matched by target and
 * reason, then by target, so reordering them changes nothing; the unmatched ones left on both sides pair in order
 * as a changed `to`, and the rest were added or removed. Lists of ids (`with`, `requires`, industries,
 * holidays…) compare as sets, and so do the steps a CRM stage maps to; exit criteria compare in order. Changes come
 * in document order: metadata, appliesTo, targets, calendar, roles, start, steps, outcomes, crm; within a section
 * the new file's order, then what was removed. Renamed steps, outcomes and buyer roles are followed into `crm`.
 */
export function compareProcesses(oldSide: CompareSide, newSide: CompareSide): ClassifiedChange[] {
  return new Comparison(oldSide, newSide).run();
}

/** Walks both versions once, collecting changes; rename maps translate old ids into new ones. */
class Comparison {
  private readonly changes: ClassifiedChange[] = [];
  private readonly sellerRenames = new Map<string, string>();
  private readonly buyerRenames = new Map<string, string>();
  private readonly outcomeRenames = new Map<string, string>();
  private readonly stepRenames = new Map<string, string>();
  private readonly old: Process;
  private readonly new: Process;

  constructor(
    private readonly oldSide: CompareSide,
    private readonly newSide: CompareSide,
  ) {
    this.old = oldSide.process;
    this.new = newSide.process;
  }

  run(): ClassifiedChange[] {
    this.metadata();
    this.appliesTo();
    this.targets();
    this.calendar();
    this.roles('seller');
    this.roles('buyer');
    this.matchOutcomes();
    this.matchSteps();
    if (this.stepRef(this.old.start) !== this.new.start) {
      this.field('start', 'start', undefined, ['start'], ['start'], 'major', this.old.start, this.new.start);
    }
    this.steps();
    this.outcomes();
    this.crm();
    return this.changes;
  }

  // ---- sections ---------------------------------------------------------------------------------------------

  private metadata(): void {
    const o = this.old;
    const n = this.new;
    const at = (field: string): DocPath => ['metadata', field];
    const compare = (field: string, bump: Bump, before: unknown, after: unknown) => {
      if (key(before) !== key(after)) this.field('metadata', 'metadata', field, at(field), at(field), bump, before, after);
    };
    compare('name', 'major', o.name, n.name);
    // As written: a title that defaults to the name would otherwise change with it.
    compare('title', 'patch', this.hasData() ? this.raw('old', at('title')) : o.title, this.hasData() ? this.raw('new', at('title')) : n.title);
    compare('segment', 'minor', o.segment, n.segment);
    compare('description', 'patch', o.description ?? null, n.description ?? null);
    if (this.hasData()) compare('owners', 'patch', setKey(this.raw('old', at('owners'))), setKey(this.raw('new', at('owners'))));
  }

  private appliesTo(): void {
    const o = this.old.appliesTo;
    const n = this.new.appliesTo;
    if (!o && !n) return;
    if (!o || !n) {
      this.whole(o ? 'removed' : 'added', 'appliesTo', 'appliesTo', ['appliesTo'], 'minor', o ?? n);
      return;
    }
    const compare = (field: 'employees' | 'arr' | 'industries' | 'regions' | 'sources', before: unknown, after: unknown) => {
      if (key(before) !== key(after)) this.field('appliesTo', 'appliesTo', field, ['appliesTo', field], ['appliesTo', field], 'minor', before, after);
    };
    compare('employees', o.employees ?? null, n.employees ?? null);
    compare('arr', o.arr ?? null, n.arr ?? null);
    compare('industries', setKey(o.industries), setKey(n.industries));
    compare('regions', setKey(o.regions), setKey(n.regions));
    compare('sources', setKey(o.sources), setKey(n.sources));
  }

  private targets(): void {
    for (const field of ['cycleDays', 'winRate'] as const) {
      const before = this.old.targets[field] ?? null;
      const after = this.new.targets[field] ?? null;
      if (before !== after) this.field('targets', 'targets', field, ['targets', field], ['targets', field], 'patch', before, after);
    }
  }

  private calendar(): void {
    for (const field of ['workdays', 'holidays'] as const) {
      const before = setKey(this.old.calendar[field]);
      const after = setKey(this.new.calendar[field]);
      if (key(before) !== key(after)) this.field('calendar', 'calendar', field, ['calendar', field], ['calendar', field], 'patch', before, after);
    }
    // An absent zone is UTC in the model, so writing `timeZone: UTC` out changes nothing.
    const before = this.old.calendar.timeZone;
    const after = this.new.calendar.timeZone;
    if (before !== after) this.field('calendar', 'calendar', 'timeZone', ['calendar', 'timeZone'], ['calendar', 'timeZone'], 'patch', before, after);
  }

  /** The CRM mapping: which deals the process claims and what each stage and contact role records — a minor change. */
  private crm(): void {
    const o = this.old.crm;
    const n = this.new.crm;
    if (!o && !n) return;
    if (!o || !n) {
      this.whole(o ? 'removed' : 'added', 'crm', 'crm', ['crm'], 'minor', o ?? n);
      return;
    }
    if ((o.pipeline ?? null) !== (n.pipeline ?? null)) {
      this.field('crm', 'crm', 'pipeline', ['crm', 'pipeline'], ['crm', 'pipeline'], 'minor', o.pipeline ?? null, n.pipeline ?? null);
    }
    const stagePath = (stage: string): DocPath => ['crm', 'stages', stage];
    for (const [stage, ids] of n.stages) {
      const before = o.stages.get(stage);
      if (!before) this.whole('added', 'crm', `CRM stage ${stage}`, stagePath(stage), 'minor', ids);
      else {
        const was = setKey(before.map((id) => this.targetRef(id)));
        if (key(was) !== key(setKey(ids))) this.field('crm', `CRM stage ${stage}`, 'target', stagePath(stage), stagePath(stage), 'minor', was, setKey(ids));
      }
    }
    for (const [stage, ids] of o.stages) if (!n.stages.has(stage)) this.whole('removed', 'crm', `CRM stage ${stage}`, stagePath(stage), 'minor', ids);
    const rolePath = (role: string): DocPath => ['crm', 'roles', role];
    for (const [role, buyer] of n.roles) {
      const before = o.roles.get(role);
      if (before === undefined) this.whole('added', 'crm', `CRM role ${role}`, rolePath(role), 'minor', buyer);
      else if (this.buyerRef(before) !== buyer) this.field('crm', `CRM role ${role}`, 'buyer role', rolePath(role), rolePath(role), 'minor', this.buyerRef(before), buyer);
    }
    for (const [role, buyer] of o.roles) if (!n.roles.has(role)) this.whole('removed', 'crm', `CRM role ${role}`, rolePath(role), 'minor', buyer);
  }

  private roles(side: 'seller' | 'buyer'): void {
    const oldRoles = side === 'seller' ? this.old.sellerRoles : this.old.buyerRoles;
    const newRoles = side === 'seller' ? this.new.sellerRoles : this.new.buyerRoles;
    const renames = side === 'seller' ? this.sellerRenames : this.buyerRenames;
    const path = (id: string): DocPath => ['roles', side, id];
    const signature = (role: Role, s: Side) => key([role.title, role.decisionMaker, this.raw(s, [...path(role.id), 'description'])]);
    matchRenames(oldRoles, newRoles, renames, (role) => signature(role, 'old'), (role) => signature(role, 'new'));
    const subject = (id: string) => `${side} role ${id}`;
    const renamedFrom = invert(renames);
    for (const [id, role] of newRoles) {
      const from = renamedFrom.get(id);
      if (from !== undefined) {
        this.rename('role', subject(id), path(id), path(from), 'minor', `${side} role ${from} renamed to ${id}`, from, id);
        continue;
      }
      const before = oldRoles.get(id);
      if (!before) {
        this.whole('added', 'role', subject(id), path(id), 'minor', role);
        continue;
      }
      const compare = (field: string, bump: Bump, b: unknown, a: unknown) => {
        if (key(b) !== key(a)) this.field('role', subject(id), field, [...path(id), field], [...path(id), field], bump, b, a);
      };
      compare('title', 'patch', before.title, role.title);
      compare('decisionMaker', 'minor', before.decisionMaker, role.decisionMaker);
      if (this.hasData()) compare('description', 'patch', this.raw('old', [...path(id), 'description']), this.raw('new', [...path(id), 'description']));
    }
    for (const [id, role] of oldRoles) {
      if (!newRoles.has(id) && !renames.has(id)) this.whole('removed', 'role', subject(id), path(id), 'minor', role);
    }
  }

  private matchOutcomes(): void {
    const signature = (s: Side) => (outcome: { id: string; result: string }) => key([outcome.result, this.raw(s, ['outcomes', outcome.id, 'description'])]);
    matchRenames(this.old.outcomes, this.new.outcomes, this.outcomeRenames, signature('old'), signature('new'));
  }

  /**
   * Pairs removed steps with added steps of identical content. References to steps whose match is not yet known
   * are wildcards at first; each pair is then verified with every rename known, and undone until all agree.
   */
  private matchSteps(): void {
    const oldSteps = this.old.steps;
    const newSteps = this.new.steps;
    const removed = new Set([...oldSteps.keys()].filter((id) => !newSteps.has(id)));
    const added = new Set([...newSteps.keys()].filter((id) => !oldSteps.has(id)));
    if (removed.size === 0 || added.size === 0) return;
    const wildOld = (id: string) => (removed.has(id) ? '?' : this.outcomeRenames.get(id) ?? id);
    const wildNew = (id: string) => (added.has(id) ? '?' : id);
    const candidates = new Map<string, string[]>();
    for (const id of added) {
      const sig = this.stepSignature(newSteps.get(id)!, 'new', wildNew);
      const list = candidates.get(sig);
      if (list) list.push(id);
      else candidates.set(sig, [id]);
    }
    for (const id of removed) {
      const list = candidates.get(this.stepSignature(oldSteps.get(id)!, 'old', wildOld));
      const match = list?.shift();
      if (match !== undefined) this.stepRenames.set(id, match);
    }
    for (let undone = true; undone && this.stepRenames.size > 0; ) {
      undone = false;
      for (const [from, to] of this.stepRenames) {
        const before = this.stepSignature(oldSteps.get(from)!, 'old', (id) => this.stepRef(id));
        const after = this.stepSignature(newSteps.get(to)!, 'new', (id) => id);
        if (before !== after) {
          this.stepRenames.delete(from);
          undone = true;
        }
      }
    }
  }

  private steps(): void {
    const renamedFrom = invert(this.stepRenames);
    for (const [id, step] of this.new.steps) {
      const from = renamedFrom.get(id);
      if (from !== undefined) {
        this.rename('step', `step ${id}`, step.path, ['steps', from], 'major', `step ${from} renamed to ${id}`, from, id);
        continue;
      }
      const before = this.old.steps.get(id);
      if (!before) this.whole('added', 'step', `step ${id}`, step.path, 'minor', step);
      else this.step(before, step);
    }
    for (const [id, step] of this.old.steps) {
      if (!this.new.steps.has(id) && !this.stepRenames.has(id)) this.whole('removed', 'step', `step ${id}`, step.path, 'major', step);
    }
  }

  private outcomes(): void {
    const renamedFrom = invert(this.outcomeRenames);
    for (const [id, outcome] of this.new.outcomes) {
      const from = renamedFrom.get(id);
      if (from !== undefined) {
        this.rename('outcome', `outcome ${id}`, outcome.path, ['outcomes', from], 'major', `outcome ${from} renamed to ${id}`, from, id);
        continue;
      }
      const before = this.old.outcomes.get(id);
      if (!before) {
        this.whole('added', 'outcome', `outcome ${id}`, outcome.path, 'minor', outcome);
        continue;
      }
      const at = (field: string): DocPath => ['outcomes', id, field];
      if (before.result !== outcome.result) this.field('outcome', `outcome ${id}`, 'result', at('result'), at('result'), 'major', before.result, outcome.result);
      if (this.hasData() && key(this.raw('old', at('description'))) !== key(this.raw('new', at('description')))) {
        this.field('outcome', `outcome ${id}`, 'description', at('description'), at('description'), 'patch', null, null);
      }
    }
    for (const [id, outcome] of this.old.outcomes) {
      if (!this.new.outcomes.has(id) && !this.outcomeRenames.has(id)) this.whole('removed', 'outcome', `outcome ${id}`, outcome.path, 'major', outcome);
    }
  }

  // ---- one step ---------------------------------------------------------------------------------------------

  /** A step present in both versions under the same id. */
  private step(o: Step, n: Step): void {
    const subject = `step ${n.id}`;
    const compare = (field: string, bump: Bump, before: unknown, after: unknown) => {
      if (key(before) !== key(after)) this.field('step', subject, field, [...n.path, field], [...o.path, field], bump, before, after);
    };
    compare('title', 'patch', o.title, n.title);
    if (this.hasData()) compare('description', 'patch', this.raw('old', [...o.path, 'description']), this.raw('new', [...n.path, 'description']));
    compare('kind', 'minor', o.kind ?? null, n.kind ?? null);
    compare('owner', 'minor', this.sellerRef(o.owner), n.owner ?? null);
    compare('with', 'minor', setKey(o.with.map((r) => this.buyerRef(r))), setKey(n.with));
    compare('ask', 'minor', o.ask, n.ask);
    compare('duration', 'patch', o.duration ?? null, n.duration ?? null);
    compare('exitCriteria', 'patch', o.exitCriteria, n.exitCriteria);
    this.gate(o, n);
    this.tracks(o, n);
    this.transitions(o, n);
  }

  private gate(o: Step, n: Step): void {
    const subject = `gate of ${n.id}`;
    const oldPath = [...o.path, 'requires'];
    const newPath = [...n.path, 'requires'];
    if (!o.requires && !n.requires) return;
    if (!o.requires || !n.requires) {
      const kind = o.requires ? 'removed' : 'added';
      this.whole(kind, 'gate', subject, kind === 'removed' ? oldPath : newPath, 'minor', o.requires ?? n.requires);
      return;
    }
    const before = this.translateGate(o.requires);
    for (const field of ['involved', 'completed'] as const) {
      if (key(setKey(before[field])) !== key(setKey(n.requires[field]))) {
        this.field('gate', subject, field, [...newPath, field], [...oldPath, field], 'minor', setKey(before[field]), setKey(n.requires[field]));
      }
    }
  }

  private tracks(o: Step, n: Step): void {
    if (o.parallel.length === 0 && n.parallel.length === 0) return;
    const oldTracks = new Map(o.parallel.map((t) => [t.id, t]));
    const newTracks = new Map(n.parallel.map((t) => [t.id, t]));
    const renames = new Map<string, string>();
    const signature = (s: Side) => (track: Track) =>
      key([
        s === 'old' ? this.sellerRef(track.owner) : track.owner ?? null,
        setKey(s === 'old' ? track.with.map((r) => this.buyerRef(r)) : track.with),
        track.duration,
        this.raw(s, [...track.path, 'description']),
      ]);
    matchRenames(oldTracks, newTracks, renames, signature('old'), signature('new'));
    const subject = (id: string) => `track ${n.id}.${id}`;
    const renamedFrom = invert(renames);
    for (const track of n.parallel) {
      const from = renamedFrom.get(track.id);
      if (from !== undefined) {
        this.rename('track', subject(track.id), track.path, oldTracks.get(from)!.path, 'minor', `track ${n.id}.${from} renamed to ${track.id}`, from, track.id);
        continue;
      }
      const before = oldTracks.get(track.id);
      if (!before) {
        this.whole('added', 'track', subject(track.id), track.path, 'minor', track);
        continue;
      }
      const compare = (field: string, bump: Bump, b: unknown, a: unknown) => {
        if (key(b) !== key(a)) this.field('track', subject(track.id), field, [...track.path, field], [...before.path, field], bump, b, a);
      };
      compare('owner', 'minor', this.sellerRef(before.owner), track.owner ?? null);
      compare('with', 'minor', setKey(before.with.map((r) => this.buyerRef(r))), setKey(track.with));
      compare('duration', 'patch', before.duration, track.duration);
      if (this.hasData()) compare('description', 'patch', this.raw('old', [...before.path, 'description']), this.raw('new', [...track.path, 'description']));
    }
    for (const track of o.parallel) {
      if (!newTracks.has(track.id) && !renames.has(track.id)) this.whole('removed', 'track', `track ${o.id}.${track.id}`, track.path, 'minor', track);
    }
  }

  /**
   * Pairs transitions by target and reason, then by target; what is left pairs in order as a changed target
   * (someone edited `to`); anything beyond that was added or removed.
   */
  private transitions(o: Step, n: Step): void {
    const target = (t: Transition, s: Side) => (s === 'old' ? (t.to === o.id ? n.id : this.targetRef(t.to)) : t.to);
    const unpaired = [...o.next];
    const pairs: [Transition, Transition][] = [];
    const added: Transition[] = [];
    const take = (t: Transition, sameReason: boolean): Transition | undefined => {
      const index = unpaired.findIndex((u) => target(u, 'old') === t.to && (!sameReason || u.reason === t.reason));
      return index < 0 ? undefined : unpaired.splice(index, 1)[0];
    };
    const pending: Transition[] = [];
    for (const t of n.next) {
      const match = take(t, true);
      if (match) pairs.push([match, t]);
      else pending.push(t);
    }
    for (const t of pending) {
      const match = take(t, false);
      if (match) pairs.push([match, t]);
      else added.push(t);
    }
    while (added.length > 0 && unpaired.length > 0) pairs.push([unpaired.shift()!, added.shift()!]);
    pairs.sort((a, b) => (a[1].path[3] as number) - (b[1].path[3] as number));
    const subject = (t: Transition, s: Side) => `transition ${n.id} → ${target(t, s)}${t.reason ? ` (${t.reason})` : ''}`;
    for (const [before, after] of pairs) {
      const compare = (field: string, bump: Bump, b: unknown, a: unknown) => {
        if (key(b) !== key(a)) this.field('transition', subject(after, 'new'), field, [...after.path, field], [...before.path, field], bump, b, a);
      };
      compare('to', 'minor', target(before, 'old'), after.to);
      compare('p', 'patch', before.p, after.p);
      compare('within', 'patch', before.within ?? null, after.within ?? null);
      compare('reason', 'minor', before.reason ?? null, after.reason ?? null);
      if (this.hasData()) compare('description', 'patch', this.raw('old', [...before.path, 'description']), this.raw('new', [...after.path, 'description']));
    }
    for (const t of added) this.whole('added', 'transition', subject(t, 'new'), t.path, 'minor', t);
    for (const t of unpaired) this.whole('removed', 'transition', subject(t, 'old'), t.path, 'minor', t);
  }

  // ---- references -------------------------------------------------------------------------------------------

  private stepRef(id: string): string {
    return this.stepRenames.get(id) ?? id;
  }

  private targetRef(id: string): string {
    return this.stepRenames.get(id) ?? this.outcomeRenames.get(id) ?? id;
  }

  private sellerRef(id: string | undefined): string | null {
    return id === undefined ? null : this.sellerRenames.get(id) ?? id;
  }

  private buyerRef(id: string): string {
    return this.buyerRenames.get(id) ?? id;
  }

  private translateGate(gate: Gate): Gate {
    return { involved: gate.involved.map((r) => this.buyerRef(r)), completed: gate.completed.map((s) => this.stepRef(s)) };
  }

  /** A step's content without its id: `ref` maps the step ids it names; a reference to itself is `self`. */
  private stepSignature(step: Step, side: Side, ref: (id: string) => string): string {
    const seller = (id: string | undefined) => (side === 'old' ? this.sellerRef(id) : id ?? null);
    const buyers = (ids: readonly string[]) => setKey(side === 'old' ? ids.map((r) => this.buyerRef(r)) : ids);
    const target = (id: string) => (id === step.id ? '\0self' : side === 'old' && this.old.outcomes.has(id) ? this.outcomeRef(id) : ref(id));
    return key([
      this.raw(side, [...step.path, 'title']),
      this.raw(side, [...step.path, 'description']),
      step.kind ?? null,
      seller(step.owner),
      buyers(step.with),
      step.duration ?? null,
      step.parallel.map((t) => [t.id, seller(t.owner), buyers(t.with), t.duration, this.raw(side, [...t.path, 'description'])]),
      step.exitCriteria,
      step.next.map((t) => [target(t.to), t.p, t.within ?? null, t.reason ?? null, this.raw(side, [...t.path, 'description'])]),
      step.ask,
      step.requires ? [buyers(step.requires.involved), setKey(step.requires.completed.map((s) => (s === step.id ? '\0self' : ref(s))))] : null,
    ]);
  }

  private outcomeRef(id: string): string {
    return this.outcomeRenames.get(id) ?? id;
  }

  // ---- recording --------------------------------------------------------------------------------------------

  private hasData(): boolean {
    return this.oldSide.data !== undefined && this.newSide.data !== undefined;
  }

  /** The plain data at `path` on one side; null when absent (or when no data was given). */
  private raw(side: Side, path: DocPath): unknown {
    return valueAt(side === 'old' ? this.oldSide.data : this.newSide.data, path);
  }

  /** Prefers the values as written; falls back to the normalized ones when there is no data. */
  private value(side: Side, path: DocPath, normalized: unknown): unknown {
    if (!this.hasData()) return plain(normalized);
    return this.raw(side, path);
  }

  private field(location: LocationKind, subject: string, field: string | undefined, path: DocPath, oldPath: DocPath, bump: Bump, before: unknown, after: unknown): void {
    const message = field === undefined ? `${subject} changed` : /^(metadata|appliesTo|targets|calendar|crm)$/.test(subject) ? `${subject}.${field} changed` : `${subject}: ${field} changed`;
    this.changes.push({
      kind: 'changed',
      location,
      subject,
      field,
      path,
      side: 'new',
      oldPath,
      before: this.value('old', oldPath, before),
      after: this.value('new', path, after),
      bump,
      message,
    });
  }

  private whole(kind: 'added' | 'removed', location: LocationKind, subject: string, path: DocPath, bump: Bump, normalized: unknown): void {
    const side: Side = kind === 'removed' ? 'old' : 'new';
    const value = this.value(side, path, normalized);
    this.changes.push({
      kind,
      location,
      subject,
      field: undefined,
      path,
      side,
      oldPath: kind === 'removed' ? path : undefined,
      before: kind === 'removed' ? value : null,
      after: kind === 'added' ? value : null,
      bump,
      message: `${subject} ${kind}`,
    });
  }

  private rename(location: LocationKind, subject: string, path: DocPath, oldPath: DocPath, bump: Bump, message: string, from: string, to: string): void {
    this.changes.push({ kind: 'renamed', location, subject, field: undefined, path, side: 'new', oldPath, before: from, after: to, bump, message });
  }
}

/**
 * Pairs ids removed from `oldMap` with ids added to `newMap` whose signatures are equal (first come, first paired),
 * recording old id → new id in `renames`.
 */
function matchRenames<T>(
  oldMap: ReadonlyMap<string, T>,
  newMap: ReadonlyMap<string, T>,
  renames: Map<string, string>,
  oldSignature: (item: T) => string,
  newSignature: (item: T) => string,
): void {
  const candidates = new Map<string, string[]>();
  for (const [id, item] of newMap) {
    if (oldMap.has(id)) continue;
    const sig = newSignature(item);
    const list = candidates.get(sig);
    if (list) list.push(id);
    else candidates.set(sig, [id]);
  }
  if (candidates.size === 0) return;
  for (const [id, item] of oldMap) {
    if (newMap.has(id)) continue;
    const match = candidates.get(oldSignature(item))?.shift();
    if (match !== undefined) renames.set(id, match);
  }
}

function invert(map: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...map].map(([k, v]) => [v, k]));
}

/** The plain data at a document path, or null. */
export function valueAt(data: unknown, path: DocPath): unknown {
  let node = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node === undefined ? null : node;
}

/** A list of ids compared as a set: sorted and deduplicated (null stays null). */
function setKey(values: unknown): unknown {
  if (!Array.isArray(values)) return values ?? null;
  return [...new Set(values.map(String))].sort();
}

/** A canonical string of a value: object keys sorted, undefined as null. */
export function key(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Map) return canonical(Object.fromEntries(value));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v);
    }
    return out;
  }
  return value;
}

/** A normalized value as plain JSON data (model objects lose their `path`, which is not content). */
function plain(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'path' && v !== undefined) out[k] = plain(v);
    return out;
  }
  return value;
}
