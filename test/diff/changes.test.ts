// The classifier: one case per change kind and location, each with the exact bump ("Versions and diffs").
import { describe, expect, it } from 'vitest';
import { compareProcesses, type ClassifiedChange } from '../../src/diff/changes.js';
import { edit, FIXTURE, source } from './fixture.js';

function changes(after: string, before = FIXTURE): ClassifiedChange[] {
  const o = source(before, 'old.yaml');
  const n = source(after);
  return compareProcesses({ process: o.process, data: o.parsed.data }, { process: n.process, data: n.parsed.data });
}

/** `kind location bump: message`, one string per change. */
function summary(after: string, before = FIXTURE): string[] {
  return changes(after, before).map((c) => `${c.kind} ${c.location} ${c.bump}: ${c.message}`);
}

const cases: [name: string, after: string, expected: string[]][] = [
  // metadata
  ['nothing but the version', edit(FIXTURE, ['version: 1.0.0', 'version: 9.0.0']), []],
  ['metadata.name', edit(FIXTURE, ['name: demo', 'name: demo-two']), ['changed metadata major: metadata.name changed']],
  ['metadata.title', edit(FIXTURE, ['title: Demo process', 'title: The demo process']), ['changed metadata patch: metadata.title changed']],
  ['metadata.segment', edit(FIXTURE, ['segment: mid-market', 'segment: enterprise']), ['changed metadata minor: metadata.segment changed']],
  ['metadata.description', edit(FIXTURE, ['description: For tests.', 'description: For the tests.']), ['changed metadata patch: metadata.description changed']],
  ['metadata.owners', edit(FIXTURE, ['owners: [revops@example.com]', 'owners: [revops@example.com, cro@example.com]']), ['changed metadata patch: metadata.owners changed']],
  // appliesTo
  ['appliesTo removed', FIXTURE.replace(/^appliesTo:\n.*\n.*\n/m, ''), ['removed appliesTo minor: appliesTo removed']],
  ['appliesTo.employees', edit(FIXTURE, ['{ min: 50, max: 999 }', '{ min: 50, max: 1999 }']), ['changed appliesTo minor: appliesTo.employees changed']],
  ['appliesTo.industries', edit(FIXTURE, ['industries: [any]', 'industries: [healthcare]']), ['changed appliesTo minor: appliesTo.industries changed']],
  ['appliesTo.arr and regions', edit(FIXTURE, ['industries: [any]', 'industries: [any]\n  arr: { min: 10000 }\n  regions: [emea]']), [
    'changed appliesTo minor: appliesTo.arr changed',
    'changed appliesTo minor: appliesTo.regions changed',
  ]],
  ['appliesTo.sources', edit(FIXTURE, ['industries: [any]', 'industries: [any]\n  sources: [partner]']), ['changed appliesTo minor: appliesTo.sources changed']],
  ['appliesTo.sources, [any] written out', edit(FIXTURE, ['industries: [any]', 'industries: [any]\n  sources: [any]']), []],
  // targets and calendar
  ['targets', edit(FIXTURE, ['targets: { cycleDays: 30, winRate: 0.2 }', 'targets: { cycleDays: 35 }']), [
    'changed targets patch: targets.cycleDays changed',
    'changed targets patch: targets.winRate changed',
  ]],
  ['calendar holidays', edit(FIXTURE, ['holidays: [2026-12-25]', 'holidays: [2026-12-25, 2027-01-01]']), ['changed calendar patch: calendar.holidays changed']],
  ['calendar workdays, reordered only', edit(FIXTURE, ['workdays: [mon, tue, wed, thu, fri]', 'workdays: [fri, thu, wed, tue, mon]']), []],
  // roles
  ['seller role added', edit(FIXTURE, ['    ae: Account executive\n', '    ae: Account executive\n    counsel: Counsel\n']), ['added role minor: seller role counsel added']],
  ['role title', edit(FIXTURE, ['champion: Champion', 'champion: Internal champion']), ['changed role patch: buyer role champion: title changed']],
  ['role decisionMaker', edit(FIXTURE, ['owner: { title: Owner, decisionMaker: true }', 'owner: { title: Owner }']), ['changed role minor: buyer role owner: decisionMaker changed']],
  ['role description', edit(FIXTURE, ['description: Runs demos.', 'description: Runs the demos.']), ['changed role patch: seller role se: description changed']],
  ['role renamed: its uses follow, one change', FIXTURE.replace(/\bit\b(?=[:,\]])/g, 'infosec').replace('it: IT', 'infosec: IT'), ['renamed role minor: buyer role it renamed to infosec']],
  // start
  ['start', edit(FIXTURE, ['start: discovery', 'start: demo']), ['changed start major: start changed']],
  // steps
  ['step title', edit(FIXTURE, ['title: Discovery', 'title: Discovery call']), ['changed step patch: step discovery: title changed']],
  ['step description', edit(FIXTURE, ['description: First call.', 'description: The first call.']), ['changed step patch: step discovery: description changed']],
  ['step kind', edit(FIXTURE, ['kind: demo', 'kind: trial']), ['changed step minor: step demo: kind changed']],
  // Internal or not decides whether a buyer is expected in the step (rules, spx next): a change to the step, minor.
  ['step kind to internal', edit(FIXTURE, ['kind: review', 'kind: internal']), ['changed step minor: step review: kind changed']],
  ['step owner', edit(FIXTURE, ['    owner: se\n    with: [champion, it]', '    owner: ae\n    with: [champion, it]']), ['changed step minor: step demo: owner changed']],
  ['step with', edit(FIXTURE, ['with: [champion, it]', 'with: [champion]']), ['changed step minor: step demo: with changed']],
  ['step with, reordered only', edit(FIXTURE, ['with: [champion, it]', 'with: [it, champion]']), []],
  ['step ask', edit(FIXTURE, ['    kind: close\n    ask: true\n', '    kind: close\n']).replace(/    requires: .*\n/, ''), [
    'changed step minor: step close: ask changed',
    'removed gate minor: gate of close removed',
  ]],
  ['step duration', edit(FIXTURE, ['{ min: 1, likely: 2, max: 5 }', '{ min: 1, likely: 3, max: 5 }']), ['changed step patch: step demo: duration changed']],
  // 2.8 calendar days are the same 2 business days on the fixture's five-day week, but they date differently: an estimate change.
  ['step duration to calendar days', edit(FIXTURE, ['    with: [champion]\n    duration: 2\n', '    with: [champion]\n    duration: 2.8 calendar days\n']), ['changed step patch: step discovery: duration changed']],
  ['step duration in another form', edit(FIXTURE, ['    duration: 2\n    exitCriteria: [Pain confirmed]', '    duration: "2d"\n    exitCriteria: [Pain confirmed]']), []],
  ['step exitCriteria', edit(FIXTURE, ['exitCriteria: [Signed]', 'exitCriteria: [Signed, Countersigned]']), ['changed step patch: step close: exitCriteria changed']],
  ['step added', edit(FIXTURE, ['outcomes:', '  extra: { title: Extra, owner: ae, duration: 1, next: [{ to: lost }] }\noutcomes:']), ['added step minor: step extra added']],
  [
    'step renamed: transitions, gate and start follow, one change',
    FIXTURE.replace(/\bdiscovery(?=[:,\]}\n])/g, (m, offset: number, all: string) => (all.slice(offset - 6, offset) === 'kind: ' ? m : 'qualification')),
    ['renamed step major: step discovery renamed to qualification'],
  ],
  ['step renamed and changed: removed and added', edit(FIXTURE.replace(/\bdemo\b(?=[:,\]}\n ])/g, (m, offset: number, all: string) => (all.slice(offset - 6, offset) === 'kind: ' || all.slice(offset - 6, offset) === 'name: ' ? m : 'show')), ['title: Demo\n', 'title: Show\n']), [
    'changed transition minor: transition discovery → show: to changed',
    'added step minor: step show added',
    'removed step major: step demo removed',
  ]],
  // gate
  ['gate added', edit(FIXTURE, ['    kind: demo\n', '    kind: demo\n    requires: { involved: [champion] }\n']), ['added gate minor: gate of demo added']],
  ['gate involved', edit(FIXTURE, ['involved: [owner, it]', 'involved: [owner, it, champion]']), ['changed gate minor: gate of close: involved changed']],
  ['gate completed', edit(FIXTURE, ['completed: [review]', 'completed: [review, demo]']), ['changed gate minor: gate of close: completed changed']],
  // tracks
  ['track added', edit(FIXTURE, ['      commercial: { owner: ae, with: [owner], duration: 3 }\n', '      commercial: { owner: ae, with: [owner], duration: 3 }\n      legal: { owner: ae, duration: 4 }\n']), ['added track minor: track review.legal added']],
  ['track renamed', edit(FIXTURE, ['      commercial: {', '      procurement: {']), ['renamed track minor: track review.commercial renamed to procurement']],
  ['track owner', edit(FIXTURE, ['commercial: { owner: ae,', 'commercial: { owner: se,']), ['changed track minor: track review.commercial: owner changed']],
  ['track with', edit(FIXTURE, ['security: { owner: se, with: [it]', 'security: { owner: se, with: [it, champion]']), ['changed track minor: track review.security: with changed']],
  ['track duration', edit(FIXTURE, ['with: [owner], duration: 3 }', 'with: [owner], duration: 4 }']), ['changed track patch: track review.commercial: duration changed']],
  ['track description', edit(FIXTURE, ['description: Questionnaire.', 'description: The questionnaire.']), ['changed track patch: track review.security: description changed']],
  // transitions
  ['transition added', edit(FIXTURE, ['      - { to: review, p: 0.7, within: 2 }\n', '      - { to: review, p: 0.6, within: 2 }\n      - { to: demo, p: 0.1, within: 5 }\n']), [
    'changed transition patch: transition demo → review: p changed',
    'added transition minor: transition demo → demo added',
  ]],
  ['transition removed', edit(FIXTURE, ['      - { to: discovery, p: 0.1, within: 2, description: Another call }\n', '']).replace('{ to: lost, p: 0.3, reason: no-fit }\n  demo:', '{ to: lost, p: 0.4, reason: no-fit }\n  demo:'), [
    'changed transition patch: transition discovery → lost (no-fit): p changed',
    'removed transition minor: transition discovery → discovery removed',
  ]],
  ['transition p', edit(FIXTURE, ['{ to: won, p: 0.8 }', '{ to: won, p: 0.75 }'], ['{ to: lost, p: 0.2, reason: no-decision }', '{ to: lost, p: 0.25, reason: no-decision }']), [
    'changed transition patch: transition close → won: p changed',
    'changed transition patch: transition close → lost (no-decision): p changed',
  ]],
  ['transition within', edit(FIXTURE, ['{ to: close, p: 0.9, within: 1 }', '{ to: close, p: 0.9, within: { min: 1, likely: 2, max: 4 } }']), ['changed transition patch: transition review → close: within changed']],
  ['transition within added to an outcome', edit(FIXTURE, ['{ to: won, p: 0.8 }', '{ to: won, p: 0.8, within: 3 }']), ['changed transition patch: transition close → won: within changed']],
  ['transition reason', edit(FIXTURE, ['reason: failed-review', 'reason: failed-security']), ['changed transition minor: transition review → lost (failed-security): reason changed']],
  ['transition description', edit(FIXTURE, ['description: Another call', 'description: One more call']), ['changed transition patch: transition discovery → discovery: description changed']],
  ['transitions reordered', edit(FIXTURE, ['      - { to: review, p: 0.7, within: 2 }\n      - { to: lost, p: 0.3, reason: no-fit }\n', '      - { to: lost, p: 0.3, reason: no-fit }\n      - { to: review, p: 0.7, within: 2 }\n']), []],
  ['transition target changed', edit(FIXTURE, ['{ to: close, p: 0.9, within: 1 }', '{ to: demo, p: 0.85, within: 1 }'], ['{ to: lost, p: 0.1, reason: failed-review }', '{ to: lost, p: 0.15, reason: failed-review }']), [
    'changed transition minor: transition review → demo: to changed',
    'changed transition patch: transition review → demo: p changed',
    'changed transition patch: transition review → lost (failed-review): p changed',
  ]],
  // outcomes
  ['outcome added', edit(FIXTURE, ['  lost: { result: lost, description: No sale. }\n', '  lost: { result: lost, description: No sale. }\n  lost-to-competitor: { result: lost }\n']), ['added outcome minor: outcome lost-to-competitor added']],
  ['outcome result flipped', edit(FIXTURE, ['won: { result: won }', 'won: { result: lost }']), ['changed outcome major: outcome won: result changed']],
  ['outcome description', edit(FIXTURE, ['description: No sale.', 'description: No sale; see the reason.']), ['changed outcome patch: outcome lost: description changed']],
  ['outcome renamed: transitions follow', FIXTURE.replace(/\bwon\b(?=[:,}])/g, (m, offset: number, all: string) => (all.slice(offset - 8, offset) === 'result: ' ? m : 'closed-won')), ['renamed outcome major: outcome won renamed to closed-won']],
];

describe('compareProcesses', () => {
  it.each(cases)('%s', (_name, after, expected) => {
    expect(summary(after)).toEqual(expected);
  });

  it('appliesTo.sources reordered only: no change', () => {
    const sources = (list: string) => edit(FIXTURE, ['industries: [any]', `industries: [any]\n  sources: [${list}]`]);
    expect(summary(sources('outbound, inbound'), sources('inbound, outbound'))).toEqual([]);
    expect(summary(FIXTURE, sources('partner'))).toEqual(['changed appliesTo minor: appliesTo.sources changed']);
  });

  // Removals: a richer file is the old version and the fixture the new one.
  it('a buyer role removed (minor)', () => {
    const before = edit(FIXTURE, ['    it: IT\n', '    it: IT\n    finance: Finance\n']);
    expect(summary(FIXTURE, before)).toEqual(['removed role minor: buyer role finance removed']);
  });
  it('a step removed (major)', () => {
    const before = edit(FIXTURE, ['outcomes:', '  extra: { title: Extra, owner: ae, duration: 1, next: [{ to: lost }] }\noutcomes:']);
    expect(summary(FIXTURE, before)).toEqual(['removed step major: step extra removed']);
  });
  it('a track removed (minor)', () => {
    const before = edit(FIXTURE, ['      commercial: { owner: ae, with: [owner], duration: 3 }\n', '      commercial: { owner: ae, with: [owner], duration: 3 }\n      legal: { owner: ae, duration: 4 }\n']);
    expect(summary(FIXTURE, before)).toEqual(['removed track minor: track review.legal removed']);
  });
  it('an outcome removed (major)', () => {
    const before = edit(FIXTURE, ['  lost: { result: lost, description: No sale. }\n', '  lost: { result: lost, description: No sale. }\n  lost-to-competitor: { result: lost, description: Gone. }\n']);
    expect(summary(FIXTURE, before)).toEqual(['removed outcome major: outcome lost-to-competitor removed']);
  });

  it('appliesTo added (minor)', () => {
    expect(summary(FIXTURE, FIXTURE.replace(/^appliesTo:\n.*\n.*\n/m, ''))).toEqual(['added appliesTo minor: appliesTo added']);
  });

  it('a renamed step with a loop to itself is still a rename', () => {
    const after = FIXTURE.replace(/\bdiscovery(?=[:,\]}\n])/g, (m, offset: number, all: string) => (all.slice(offset - 6, offset) === 'kind: ' ? m : 'qualify'));
    expect(after).toContain('{ to: qualify, p: 0.1');
    expect(summary(after)).toEqual(['renamed step major: step discovery renamed to qualify']);
  });

  it('two renamed steps that refer to each other are both renames', () => {
    const rename = (yaml: string, from: string, to: string) => yaml.replace(new RegExp(`\\b${from}(?=[:,\\]}\\n])`, 'g'), (m, offset: number, all: string) => (all.slice(offset - 6, offset) === 'kind: ' ? m : to));
    const after = rename(rename(FIXTURE, 'review', 'checks'), 'close', 'ask');
    expect(summary(after)).toEqual(['renamed step major: step review renamed to checks', 'renamed step major: step close renamed to ask']);
  });

  it('reports values as written, and the paths on each side', () => {
    const [change] = changes(edit(FIXTURE, ['{ min: 1, likely: 2, max: 5 }', '"1w"']));
    expect(change).toMatchObject({
      subject: 'step demo',
      field: 'duration',
      path: ['steps', 'demo', 'duration'],
      oldPath: ['steps', 'demo', 'duration'],
      side: 'new',
      before: { min: 1, likely: 2, max: 5 },
      after: '1w',
    });
    const [removed] = compareProcesses({ process: source(FIXTURE.replace('    it: IT\n', '    it: IT\n    finance: Finance\n')).process }, { process: source(FIXTURE).process });
    expect(removed).toMatchObject({ kind: 'removed', path: ['roles', 'buyer', 'finance'], side: 'old', before: { id: 'finance', title: 'Finance', decisionMaker: false }, after: null });
  });

  it('without plain data, compares the model only: descriptions are not seen, values are normalized', () => {
    const after = edit(FIXTURE, ['description: First call.', 'description: Changed.'], ['{ min: 1, likely: 2, max: 5 }', '"1w"']);
    const found = compareProcesses({ process: source(FIXTURE).process }, { process: source(after).process });
    expect(found.map((c) => [c.message, c.before, c.after])).toEqual([['step demo: duration changed', { dist: 'pert', min: 1, likely: 2, max: 5 }, { dist: 'fixed', value: 5 }]]);
  });

  it('lists changes in document order: sections, then the new order of steps, then what was removed', () => {
    const after = edit(
      FIXTURE,
      ['title: Demo process', 'title: Demo'],
      ['start: discovery', 'start: demo'],
      ['exitCriteria: [Signed]', 'exitCriteria: [Signed, Filed]'],
      ['kind: demo', 'kind: trial'],
      ['won: { result: won }', 'won: { result: lost }'],
    );
    expect(changes(after).map((c) => c.message)).toEqual([
      'metadata.title changed',
      'start changed',
      'step demo: kind changed',
      'step close: exitCriteria changed',
      'outcome won: result changed',
    ]);
  });
});
