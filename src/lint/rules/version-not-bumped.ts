/** version-not-bumped: with a base revision, the changes since it need a bigger `metadata.version` bump than declared. */
import { bumpRank, bumpSuffices, declaredBump, maxBump, suggestedVersion } from '../../diff/bump.js';
import { compareProcesses, type ClassifiedChange } from '../../diff/changes.js';
import type { Rule } from '../rule.js';

export const versionNotBumped: Rule = {
  id: 'version-not-bumped',
  meta: {
    description: '(with --base) the process changed since the base revision but `metadata.version` was not raised enough',
    defaultSeverity: 'error',
    scope: 'file',
    messages: {
      downgrade: 'version went down from {{base}} to {{version}} since the base; versions only go up: {{suggestion}} or higher',
      underBumped: '{{was}}, but the changes since the base need a {{needed}} bump ({{cited}}{{more}}); {{suggestion}}',
    },
  },
  check({ process, base, data, report }) {
    // Without a base (plain `spx lint`, or a file new since the base) there is nothing to compare with.
    if (!base) return;
    const changes = compareProcesses({ process: base, data: data?.base }, { process, data: data?.current });
    const needed = maxBump(changes.map((c) => c.bump));
    const declared = declaredBump(base.version, process.version);
    if (bumpSuffices(needed, declared)) return;
    const suggestion = `set metadata.version to ${suggestedVersion(base.version, needed)}`;
    if (declared === 'downgrade') {
      report({ path: ['metadata', 'version'], messageId: 'downgrade', data: { base: base.version, version: process.version, suggestion } });
      return;
    }
    // Cite a change that needs the most, so the reader sees why at once: a whole step or outcome added, removed
    // or renamed first, then `start`, then a step's or outcome's fields, then the rest.
    const salience = (c: ClassifiedChange) =>
      c.location === 'step' || c.location === 'outcome' ? (c.kind === 'changed' ? 2 : 0) : c.location === 'start' ? 1 : 3;
    const cited = changes.filter((c) => bumpRank(c.bump) === bumpRank(needed)).sort((a, b) => salience(a) - salience(b))[0]!;
    const more = changes.length > 1 ? `, and ${changes.length - 1} more change${changes.length === 2 ? '' : 's'}` : '';
    const was = declared === 'none' ? `version ${process.version} is unchanged` : `version ${base.version} → ${process.version} is a ${declared} bump`;
    report({ path: ['metadata', 'version'], messageId: 'underBumped', data: { was, needed, cited: cited.message, more, suggestion } });
  },
};
