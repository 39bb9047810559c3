/** segment-expectations: enterprise processes involve the usual committee; SMB processes stay short. */
import { stepBuyers } from '../../analysis/graph.js';
import { computeMetrics, computeMetricsUpperBound } from '../../analysis/metrics.js';
import { minimalPath } from '../../analysis/minimal-path.js';
import type { Process, Role } from '../../model/types.js';
import type { Rule } from '../rule.js';

const DEFAULT_OPTIONS = {
  enterpriseRoles: ['security', 'it', 'legal', 'procurement', 'finance', 'users'],
  smbMaxSteps: 5,
  smbMaxCycleDays: 45,
};

/** A stable function identity: the engine's memo is keyed by it, so the path is computed once per file. */
const minimalStepPath = (process: Process) => minimalPath(process, { by: 'steps' });

export const segmentExpectations: Rule = {
  id: 'segment-expectations',
  meta: {
    description:
      "the segment's usual stakeholders are never involved (enterprise), or an SMB process whose minimal path or expected won cycle is long",
    defaultSeverity: 'warning',
    defaultOptions: DEFAULT_OPTIONS,
    optionsSchema: {
      smbMaxSteps: {
        title: 'SMB minimal path, steps',
        description: "the most steps an SMB process's minimal path may have (default 5).",
        type: 'integer',
        minimum: 1,
      },
      smbMaxCycleDays: {
        title: 'SMB expected cycle, business days',
        description: 'the longest expected won cycle an SMB process may have (default 45).',
        type: 'number',
        exclusiveMinimum: 0,
      },
      enterpriseRoles: {
        title: 'Enterprise stakeholders',
        description: 'words that must each match some buyer role id or title of an enterprise process (default security, it, legal, procurement, finance, users).',
        type: 'array',
        items: { type: 'string', minLength: 1 },
      },
    },
    scope: 'file',
    needsKnownReferences: true,
    messages: {
      roleNeverInvolved:
        'enterprise process never involves buyer role "{{role}}"{{forWord}}; add it to the `with` of the step where it takes part',
      noRoleForWord:
        'enterprise process has no "{{word}}" buyer role; define one (its id or title containing the word "{{word}}") and add it to a step\'s `with`',
      noDecisionMakerInvolved:
        'enterprise process never involves a decision-maker; mark the executive sponsor `decisionMaker: true` and add them to a step',
      smbTooManySteps:
        'SMB process needs at least {{count}} steps to win ({{steps}}), over {{max}}; merge or drop steps, or raise smbMaxSteps',
      smbCycleTooLong:
        "SMB process's expected cycle of won deals is {{cycle}} business days, over {{max}}; shorten steps, or raise smbMaxCycleDays",
    },
  },
  check({ process, options, report, memo }) {
    if (process.segment === 'enterprise') {
      const involved = involvedBuyerRoles(process);
      const words = stringList(options['enterpriseRoles']) ?? DEFAULT_OPTIONS.enterpriseRoles;
      const matchesWord = wordMatcher();
      for (const word of words) {
        if (involved.some((role) => matchesWord(role, word))) continue;
        const defined = [...process.buyerRoles.values()].find((role) => matchesWord(role, word));
        report(
          defined
            ? {
                path: ['roles', 'buyer'],
                target: 'key',
                messageId: 'roleNeverInvolved',
                data: { role: defined.id, forWord: defined.id === word ? '' : ` (for "${word}")` },
              }
            : { path: ['roles', 'buyer'], target: 'key', messageId: 'noRoleForWord', data: { word } },
        );
      }
      if (!involved.some((role) => role.decisionMaker)) {
        report({ path: ['roles', 'buyer'], target: 'key', messageId: 'noDecisionMakerInvolved' });
      }
    }

    if (process.segment === 'smb') {
      const maxSteps = positive(options['smbMaxSteps']) ?? DEFAULT_OPTIONS.smbMaxSteps;
      const maxCycle = positive(options['smbMaxCycleDays']) ?? DEFAULT_OPTIONS.smbMaxCycleDays;
      // Blocked or unwinnable processes have no minimal path: gate-bypass and no-path-to-won report those.
      const path = memo(minimalStepPath);
      // The buyer's patience is spent on the steps they take part in: internal ones (deal desk, approvals) do not count.
      const buyerSteps = path.kind === 'path' ? path.steps.filter((s) => process.steps.get(s.id)?.kind !== 'internal') : [];
      if (buyerSteps.length > maxSteps) {
        report({
          path: ['metadata', 'segment'],
          messageId: 'smbTooManySteps',
          data: { count: buyerSteps.length, steps: buyerSteps.map((s) => s.id).join(' → '), max: maxSteps },
        });
      }
      // A bound under the limit proves the exact cycle is too, without integrating any parallel step's E[max].
      const bound = memo(computeMetricsUpperBound);
      const upper = bound.metrics.expectedCycleWon;
      const underLimit = bound.timesAreUpperBounds && upper !== undefined && upper + 1e-6 * Math.abs(upper) + 1e-9 <= maxCycle;
      const cycle = underLimit ? upper : memo(computeMetrics).expectedCycleWon;
      if (cycle !== undefined && Number.isFinite(cycle) && cycle > maxCycle) {
        report({ path: ['metadata', 'segment'], messageId: 'smbCycleTooLong', data: { cycle: Number(cycle.toFixed(1)), max: maxCycle } });
      }
    }
  },
};

/** Buyer roles that take part in some step or track, in role order. */
function involvedBuyerRoles(process: Process): Role[] {
  const ids = new Set<string>();
  for (const step of process.steps.values()) for (const id of stepBuyers(step)) ids.add(id);
  return [...process.buyerRoles.values()].filter((role) => ids.has(role.id));
}

/**
 * Case-insensitive, at the start of a word of the role's id or title: a plain substring test would let the
 * default word `it` match "security", so a process could pass without ever involving IT.
 */
function wordMatcher(): (role: Role, word: string) => boolean {
  // Each text split once, not once per (role, word) pair.
  const split = new Map<string, string>();
  const wordsOf = (text: string): string => {
    let known = split.get(text);
    if (known === undefined) split.set(text, (known = ` ${words(text)}`));
    return known;
  };
  return (role, word) => {
    const needle = wordsOf(word);
    return wordsOf(role.id).includes(needle) || wordsOf(role.title).includes(needle);
  };
}

/** Lower-case words joined by single spaces: "Security / InfoSec" → "security infosec", "it-ops" → "it ops". */
function words(text: string): string {
  const lower = text.toLowerCase();
  // The Unicode-aware split costs ~8 ms to compile on its first use (a tenth of `spx lint`'s own time), so
  // ASCII text, nearly all of it, takes the equivalent ASCII split.
  const separators = ASCII.test(lower) ? /[^a-z0-9]+/ : /[^\p{L}\p{N}]+/u;
  return lower.split(separators).filter(Boolean).join(' ');
}

const ASCII = /^[\x00-\x7f]*$/;

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}
