/** unknown-reference: `to`, `owner`, `with`, `requires` and `start` must name something defined. */
import type { Rule } from '../rule.js';

export const unknownReference: Rule = {
  id: 'unknown-reference',
  meta: {
    description: '`to`, `owner`, `with`, `requires` or `start` naming nothing defined',
    defaultSeverity: 'error',
    scope: 'file',
  },
  check({ process, report }) {
    const { steps, outcomes, sellerRoles, buyerRoles } = process;
    const stepOrOutcome = (id: string) => steps.has(id) || outcomes.has(id);
    const list = (ids: Iterable<string>) => [...ids].join(', ') || '(none)';
    if (!steps.has(process.start)) {
      report(['start'], `start "${process.start}" is not a step; use one of: ${list(steps.keys())}`);
    }
    const checkSeller = (owner: string | undefined, path: readonly (string | number)[]) => {
      if (owner !== undefined && !sellerRoles.has(owner)) {
        report(path, `owner "${owner}" is not a seller role; define it under roles.seller or use one of: ${list(sellerRoles.keys())}`);
      }
    };
    const checkBuyers = (ids: readonly string[], path: readonly (string | number)[]) => {
      ids.forEach((id, i) => {
        if (!buyerRoles.has(id)) {
          report([...path, i], `"${id}" is not a buyer role; define it under roles.buyer or use one of: ${list(buyerRoles.keys())}`);
        }
      });
    };
    for (const step of steps.values()) {
      checkSeller(step.owner, [...step.path, 'owner']);
      checkBuyers(step.with, [...step.path, 'with']);
      for (const track of step.parallel) {
        checkSeller(track.owner, [...track.path, 'owner']);
        checkBuyers(track.with, [...track.path, 'with']);
      }
      for (const transition of step.next) {
        if (!stepOrOutcome(transition.to)) {
          report([...transition.path, 'to'], `"${transition.to}" is neither a step nor an outcome; fix the id or define it`);
        }
      }
      if (step.requires) {
        checkBuyers(step.requires.involved, [...step.path, 'requires', 'involved']);
        step.requires.completed.forEach((id, i) => {
          if (!steps.has(id)) report([...step.path, 'requires', 'completed', i], `"${id}" is not a step; the gate can only require steps of this process`);
        });
      }
    }
  },
};
