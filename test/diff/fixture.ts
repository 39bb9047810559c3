// A small process that uses every part of the format, and helpers to load it and edit it for the diff tests.
import { expect } from 'vitest';
import { loadProcess } from '../../src/model/process-file.js';
import type { DiffSource } from '../../src/diff/diff.js';

/** Lines: metadata 3–9, appliesTo 10, roles 15, start 23, steps 24 (discovery 25, demo 37, review 47, close 58), outcomes 70. */
export const FIXTURE = `apiVersion: spx/v1
kind: SalesProcess
metadata:
  name: demo
  title: Demo process
  version: 1.0.0
  segment: mid-market
  description: For tests.
  owners: [revops@example.com]
appliesTo:
  employees: { min: 50, max: 999 }
  industries: [any]
targets: { cycleDays: 30, winRate: 0.2 }
calendar: { workdays: [mon, tue, wed, thu, fri], holidays: [2026-12-25] }
roles:
  seller:
    ae: Account executive
    se: { title: Solutions engineer, description: Runs demos. }
  buyer:
    champion: Champion
    owner: { title: Owner, decisionMaker: true }
    it: IT
start: discovery
steps:
  discovery:
    title: Discovery
    kind: discovery
    description: First call.
    owner: ae
    with: [champion]
    duration: 2
    exitCriteria: [Pain confirmed]
    next:
      - { to: demo, p: 0.6, within: 3 }
      - { to: discovery, p: 0.1, within: 2, description: Another call }
      - { to: lost, p: 0.3, reason: no-fit }
  demo:
    title: Demo
    kind: demo
    owner: se
    with: [champion, it]
    duration: { min: 1, likely: 2, max: 5 }
    exitCriteria: [Fit agreed]
    next:
      - { to: review, p: 0.7, within: 2 }
      - { to: lost, p: 0.3, reason: no-fit }
  review:
    title: Review
    kind: review
    owner: ae
    parallel:
      security: { owner: se, with: [it], duration: 5, description: Questionnaire. }
      commercial: { owner: ae, with: [owner], duration: 3 }
    exitCriteria: [Approved]
    next:
      - { to: close, p: 0.9, within: 1 }
      - { to: lost, p: 0.1, reason: failed-review }
  close:
    title: Close
    kind: close
    ask: true
    owner: ae
    with: [owner]
    requires: { involved: [owner, it], completed: [review] }
    duration: 2
    exitCriteria: [Signed]
    next:
      - { to: won, p: 0.8 }
      - { to: lost, p: 0.2, reason: no-decision }
outcomes:
  won: { result: won }
  lost: { result: lost, description: No sale. }
`;

/** Loads a version, failing the test when it does not load (every edit must keep the file schema-valid). */
export function source(yaml: string, file = 'new.yaml'): DiffSource {
  const loaded = loadProcess(file, yaml);
  expect(loaded.diagnostics, yaml).toEqual([]);
  return { process: loaded.process!, parsed: loaded.parsed! };
}

/** Applies replacements in order; each `from` must occur exactly once, so a test never edits what it did not mean to. */
export function edit(yaml: string, ...replacements: readonly [string | RegExp, string][]): string {
  let out = yaml;
  for (const [from, to] of replacements) {
    const count = typeof from === 'string' ? out.split(from).length - 1 : (out.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length;
    expect(count, `"${String(from)}" should occur once`).toBe(1);
    out = out.replace(from, to);
  }
  return out;
}

/**
 * v1: a (2 days) → b (ask, 3 days): win rate 0.5 · 0.8 = 0.4, E[cycle | won] = 2 + 1 + 3 = 6, path a, b.
 * v2 adds security (5 days, p 0.9, 2 days before b): win rate 0.36, E[cycle | won] = 2 + 1 + 5 + 2 + 3 = 13.
 */
export const V1 = `apiVersion: spx/v1
kind: SalesProcess
metadata: { name: tiny, version: 1.0.0, segment: smb }
roles: { seller: { ae: AE }, buyer: { owner: { title: Owner, decisionMaker: true }, it: IT } }
start: a
steps:
  a: { title: A, owner: ae, with: [owner], duration: 2, next: [{ to: b, p: 0.5, within: 1 }, { to: lost, p: 0.5 }] }
  b: { title: B, ask: true, owner: ae, with: [owner], duration: 3, next: [{ to: won, p: 0.8 }, { to: lost, p: 0.2 }] }
outcomes: { won: { result: won }, lost: { result: lost } }
`;
export const V2 = edit(
  V1,
  ['version: 1.0.0', 'version: 1.1.0'],
  ['[{ to: b, p: 0.5, within: 1 }', '[{ to: security, p: 0.5, within: 1 }'],
  ['  b: {', '  security: { title: Security, owner: ae, with: [it], duration: 5, next: [{ to: b, p: 0.9, within: 2 }, { to: lost, p: 0.1 }] }\n  b: {'],
);
