/** How commands state a `--set` scenario: one line of text, or the changes as JSON. */
import type { ScenarioChange } from '../index.js';

/** `scenario: steps.demo.next.proposal.p 0.6 → 0.8, steps.demo.next.lost.p 0.4 → 0.2 (not in the file)`. */
export function scenarioLine(changes: readonly ScenarioChange[] | undefined): string | undefined {
  if (changes === undefined) return undefined;
  const shown = (value: unknown): string => (value === null ? 'unset' : typeof value === 'object' ? JSON.stringify(value) : String(value));
  return `  scenario: ${changes.map((c) => `${c.path} ${shown(c.from)} → ${shown(c.to)}`).join(', ')} (not in the file)`;
}

/** The `scenario` key of a command's JSON: present only with --set, so output without one keeps its shape. */
export function scenarioJson(changes: readonly ScenarioChange[] | undefined): { scenario?: readonly ScenarioChange[] } {
  return changes === undefined ? {} : { scenario: changes };
}
