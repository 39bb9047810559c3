/** gate-bypass: asking before the gate is met means asking before we have earned the right to. */
import { stepBuyers } from '../../analysis/graph.js';
import { buildPathGraph, describeList, describePath, FactBits, findPathHits } from '../../analysis/path-states.js';
import type { Rule } from '../rule.js';

export const gateBypass: Rule = {
  id: 'gate-bypass',
  meta: {
    description: 'a path reaches an ask step without meeting its `requires`',
    defaultSeverity: 'error',
    scope: 'file',
    needsKnownReferences: true,
    messages: {
      gateMissed: 'a path {{path}} reaches the ask without {{without}}; {{fix}} on every path to "{{step}}" or add a step that does',
    },
  },
  check({ process, report, memo }) {
    const graph = memo(buildPathGraph);
    const facts = new FactBits();
    // Gate entries naming no role or step are unknown-reference's finding; an unmeetable gate would repeat it.
    const gates = graph.steps.map((step) => {
      if (!step.ask || step.requires === undefined) return 0n;
      let mask = 0n;
      for (const role of step.requires.involved) if (process.buyerRoles.has(role)) mask |= facts.bit(`role:${role}`);
      for (const id of step.requires.completed) if (process.steps.has(id)) mask |= facts.bit(`step:${id}`);
      return mask;
    });
    if (gates.every((g) => g === 0n)) return;
    const gains = graph.steps.map((step) => {
      let mask = facts.known(`step:${step.id}`);
      for (const role of stepBuyers(step)) mask |= facts.known(`role:${role}`);
      return mask;
    });
    // A gate is missed when at least one of its facts is. Searching one fact at a time keeps each search linear
    // in the process size, where one search over all facts could meet up to 2^k fact sets per step; the
    // shortest path missing any fact is the shortest of the per-fact witnesses.
    const witness = new Map<number, readonly number[]>();
    for (const name of facts.names(gates.reduce((all, g) => all | g, 0n))) {
      const bit = facts.known(name);
      const hits = findPathHits(graph, {
        gain: (i) => ((gains[i]! & bit) !== 0n ? 1n : 0n),
        target: (i, have) => have === 0n && (gates[i]! & bit) !== 0n,
        monotone: true,
      });
      for (const hit of hits) {
        const known = witness.get(hit.step);
        if (known === undefined || hit.path.length < known.length) witness.set(hit.step, hit.path);
      }
    }
    const hits = [...witness].sort(([a], [b]) => a - b).map(([step, path]) => ({
      step,
      path,
      // What the whole witness path gathered before the ask, to name everything it misses.
      facts: path.slice(0, -1).reduce((have, i) => have | gains[i]!, 0n),
    }));
    for (const hit of hits) {
      const step = graph.steps[hit.step]!;
      const missing = facts.names(gates[hit.step]! & ~hit.facts);
      const roles = missing.filter((m) => m.startsWith('role:')).map((m) => m.slice('role:'.length));
      const steps = missing.filter((m) => m.startsWith('step:')).map((m) => m.slice('step:'.length));
      const without = [
        ...(roles.length > 0 ? [describeList(roles)] : []),
        ...(steps.length > 0 ? [`step ${describeList(steps)}`] : []),
      ].join(' and ');
      const fix = [
        ...(roles.length > 0 ? [`involve ${describeList(roles)}`] : []),
        ...(steps.length > 0 ? [`pass through ${describeList(steps)}`] : []),
      ].join(' and ');
      report({
        path: [...step.path, 'requires'],
        target: 'key',
        messageId: 'gateMissed',
        data: { path: describePath(graph, hit.path), without, fix, step: step.id },
      });
    }
  },
};
