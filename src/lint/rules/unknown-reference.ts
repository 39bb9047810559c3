/** unknown-reference: `to`, `owner`, `with`, `requires` and `start` must name something defined. */
import { closestMatch } from '../../model/closest.js';
import type { DocPath, Process } from '../../model/types.js';
import type { Rule } from '../rule.js';

/** What kind of id a reference names; `owner` (a seller role) is the one no path or involvement rule reads. */
export type ReferenceKind = 'start' | 'owner' | 'buyer' | 'to' | 'completed';

/** A step, outcome or role id that the process uses but does not define, with where it is used. */
export interface UnknownReference {
  readonly kind: ReferenceKind;
  readonly id: string;
  readonly path: DocPath;
  /** The defined id nearest to `id`, when one is near enough to be a typo. */
  readonly suggestion: string | undefined;
  /** Every id that would have been valid here, in file order. */
  readonly candidates: readonly string[];
}

/** How many unknown references of one file get a "did you mean"; the rest get the plain message. */
const SUGGESTION_LIMIT = 20;

/**
 * Every reference of the process that names nothing defined, in file order. Pure and memoizable: the engine
 * uses it too, to skip the rules whose findings would only follow from these (see `needsKnownReferences`).
 */
export function findUnknownReferences(process: Process): UnknownReference[] {
  const { steps, outcomes, sellerRoles, buyerRoles } = process;
  const found: UnknownReference[] = [];
  // Sets for the lookups (a 10,000-step process has tens of thousands of references); the lists only for a miss.
  const sets = new Map<readonly string[], ReadonlySet<string>>();
  const check = (kind: ReferenceKind, id: string, path: DocPath, known: readonly string[]) => {
    let set = sets.get(known);
    if (!set) sets.set(known, (set = new Set(known)));
    if (set.has(id)) return;
    // Each suggestion compares the id with every candidate: a hostile file of thousands of unknown ids among
    // thousands of steps would take minutes, so only the first ones get a suggestion.
    const suggestion = found.length < SUGGESTION_LIMIT ? closestMatch(id, known) : undefined;
    found.push({ kind, id, path, suggestion, candidates: known });
  };
  const stepIds = [...steps.keys()];
  const targets = [...stepIds, ...outcomes.keys()];
  const sellers = [...sellerRoles.keys()];
  const buyers = [...buyerRoles.keys()];
  check('start', process.start, ['start'], stepIds);
  const checkBuyers = (ids: readonly string[], path: DocPath) => ids.forEach((id, i) => check('buyer', id, [...path, i], buyers));
  for (const step of steps.values()) {
    if (step.owner !== undefined) check('owner', step.owner, [...step.path, 'owner'], sellers);
    checkBuyers(step.with, [...step.path, 'with']);
    for (const track of step.parallel) {
      if (track.owner !== undefined) check('owner', track.owner, [...track.path, 'owner'], sellers);
      checkBuyers(track.with, [...track.path, 'with']);
    }
    for (const transition of step.next) check('to', transition.to, [...transition.path, 'to'], targets);
    if (step.requires) {
      checkBuyers(step.requires.involved, [...step.path, 'requires', 'involved']);
      step.requires.completed.forEach((id, i) => check('completed', id, [...step.path, 'requires', 'completed', i], stepIds));
    }
  }
  return found;
}

/** True when an unknown reference changes the graph or who takes part: every path and involvement finding is moot. */
export function isStructural(references: readonly UnknownReference[]): boolean {
  return references.some((reference) => reference.kind !== 'owner');
}

const MESSAGE_IDS: Readonly<Record<ReferenceKind, string>> = {
  start: 'unknownStart',
  owner: 'unknownOwner',
  buyer: 'unknownBuyer',
  to: 'unknownTo',
  completed: 'unknownCompleted',
};

/** The messages that list the valid ids: roles (a handful) and `start` (reported once). */
const LISTS_KNOWN: ReadonlySet<ReferenceKind> = new Set(['start', 'owner', 'buyer']);

export const unknownReference: Rule = {
  id: 'unknown-reference',
  meta: {
    description: '`to`, `owner`, `with`, `requires` or `start` naming nothing defined',
    defaultSeverity: 'error',
    scope: 'file',
    messages: {
      unknownStart: 'start "{{id}}" is not a step; use one of: {{known}}',
      unknownStartNear: 'start "{{id}}" is not a step; did you mean "{{suggestion}}"?',
      unknownOwner: 'owner "{{id}}" is not a seller role; define it under roles.seller or use one of: {{known}}',
      unknownOwnerNear: 'owner "{{id}}" is not a seller role; did you mean "{{suggestion}}"?',
      unknownBuyer: '"{{id}}" is not a buyer role; define it under roles.buyer or use one of: {{known}}',
      unknownBuyerNear: '"{{id}}" is not a buyer role; did you mean "{{suggestion}}"?',
      unknownTo: '"{{id}}" is neither a step nor an outcome; fix the id or define it',
      unknownToNear: '"{{id}}" is neither a step nor an outcome; did you mean "{{suggestion}}"?',
      unknownCompleted: '"{{id}}" is not a step; the gate can only require steps of this process',
      unknownCompletedNear: '"{{id}}" is not a step; did you mean "{{suggestion}}"?',
    },
  },
  check({ report, memo }) {
    for (const reference of memo(findUnknownReferences)) {
      const messageId = MESSAGE_IDS[reference.kind];
      if (reference.suggestion !== undefined) {
        report({ path: reference.path, messageId: `${messageId}Near`, data: { id: reference.id, suggestion: reference.suggestion } });
      } else if (LISTS_KNOWN.has(reference.kind)) {
        report({ path: reference.path, messageId, data: { id: reference.id, known: reference.candidates.join(', ') || '(none)' } });
      } else {
        report({ path: reference.path, messageId, data: { id: reference.id } });
      }
    }
  },
};
