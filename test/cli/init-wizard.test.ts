// The init wizard with the real prompts on @inquirer/testing's virtual screen: what it asks, what it skips.
import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it } from 'vitest';
// Imported after @inquirer/testing/vitest, which mocks the @inquirer prompt packages onto its screen.
import { askAnswers, type KnownAnswers } from '../../src/cli/init-wizard.js';

const UP = 'up';
const DOWN = 'down';

/** Waits until the screen shows `text` (prompts start after the wizard's lazy import). */
async function until(text: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const shown = screen.getScreen();
    if (shown.includes(text)) return shown;
    await screen.next();
  }
  throw new Error(`the wizard never asked "${text}"; the screen shows:\n${screen.getScreen()}`);
}

async function answer(question: string, ...keys: (string | { type: string })[]): Promise<string> {
  const shown = await until(question);
  for (const key of keys) {
    if (typeof key === 'string') screen.keypress(key);
    else screen.type(key.type);
  }
  return shown;
}

describe('the init wizard', () => {
  it('asks every question in order, with the bundled defaults, and returns the answers', async () => {
    const done = askAnswers({}, { defaultCompany: 'Demo' });
    expect(await answer('Company name', { type: 'Acme' }, 'enter')).toContain('(Demo)');
    // Keep SMB only: uncheck mid-market and enterprise.
    const segments = await answer('Which segments', DOWN, 'space', DOWN, 'space', 'enter');
    expect(segments).toContain('◉ Enterprise (1,000+ employees)');
    const roles = await answer('SMB: who takes part on the buyer side?', DOWN, 'space', 'enter'); // + champion
    expect(roles).toMatch(/◉ Owner \/ founder/);
    expect(roles).toMatch(/◉ Operational users/);
    const decider = await answer('SMB: who decides and signs?', 'enter');
    expect(decider).toContain('Owner / founder');
    expect(decider).toContain('Champion');
    expect(decider).not.toContain('Legal');
    await answer('SMB: is there a free trial?', { type: 'n' }, 'enter');
    await answer('SMB: does the buyer run a security review?', { type: 'y' }, 'enter');
    await answer('SMB: does procurement take part', 'enter');
    await answer('SMB: does their legal team review the contract?', 'enter');
    expect(await answer('SMB: typical deal size', { type: '8000' }, 'enter')).toContain('(5000)');
    // The suggested target comes from the model of the answers so far (no trial, a security questionnaire).
    const cycle = await answer('SMB: target cycle', { type: '15' }, 'enter');
    expect(cycle).toMatch(/estimates give ≈ \d+\.\d\)/);
    await answer('Calendar: which days are workdays?', 'enter');
    await answer('Calendar: holidays', { type: '2026-12-25,2026-12-24' }, 'enter');
    await answer('Add a CI workflow', DOWN, 'enter');
    await expect(done).resolves.toEqual({
      company: 'Acme',
      segments: [
        {
          segment: 'smb',
          answers: {
            roles: ['owner', 'champion', 'users'],
            decisionMaker: 'owner',
            trial: false,
            securityReview: true,
            procurement: false,
            legalReview: false,
            dealSize: 8000,
            cycleDays: 15,
          },
        },
      ],
      calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2026-12-24', '2026-12-25'] },
      ci: 'github',
    });
  });

  it('asks only what the flags left out, and takes a kept suggestion as "no target of my own"', async () => {
    const known: KnownAnswers = {
      company: 'Acme',
      segments: ['enterprise'],
      roles: ['champion'],
      decisionMaker: 'economic-buyer',
      trial: true,
      securityReview: true,
      procurement: true,
      legalReview: true,
      dealSize: { bySegment: { enterprise: 120000 } },
      workdays: ['mon', 'tue', 'wed', 'thu'],
      holidays: [],
      ci: 'none',
    };
    const done = askAnswers(known, { defaultCompany: 'Demo' });
    const shown = await answer('Enterprise: target cycle', 'enter');
    expect(shown).toContain('(114)');
    const answers = await done;
    expect(answers.segments[0]!.answers.cycleDays).toBeUndefined();
    expect(answers.segments[0]!.answers.dealSize).toBe(120000);
    expect(answers.calendar).toEqual({ workdays: ['mon', 'tue', 'wed', 'thu'], holidays: [] });
  });

  it('shows the enterprise committee as always included', async () => {
    const done = askAnswers(
      { company: 'Acme', segments: ['enterprise'], trial: true, securityReview: true, procurement: true, legalReview: true, dealSize: { all: 1, bySegment: {} }, cycleDays: { all: 'auto', bySegment: {} }, workdays: ['mon'], holidays: [], ci: 'none' },
      { defaultCompany: 'Demo' },
    );
    const shown = await answer('Enterprise: who takes part on the buyer side?', 'enter');
    expect(shown).toMatch(/Security \/ InfoSec \(always, for enterprise\)/);
    await answer('Enterprise: who decides and signs?', UP, 'enter');
    const answers = await done;
    expect(answers.segments[0]!.answers.roles).toEqual(expect.arrayContaining(['security', 'it', 'legal', 'procurement', 'finance', 'users']));
    expect(answers.segments[0]!.answers.cycleDays).toBeUndefined();
  });

  it('reads numbers as people type them, and refuses an ambiguous one with the reason', async () => {
    const done = askAnswers(
      { company: 'Acme', segments: ['smb'], roles: ['owner'], decisionMaker: 'owner', trial: true, securityReview: false, procurement: false, legalReview: false, workdays: ['mon'], holidays: [], ci: 'none' },
      { defaultCompany: 'Demo' },
    );
    await answer('SMB: typical deal size', { type: '6,00' }, 'enter');
    expect(await until('separates thousands')).toContain('"6,00": a comma or space separates thousands');
    for (let i = 0; i < 4; i++) screen.keypress('backspace');
    screen.type('$6,000');
    screen.keypress('enter');
    await answer('SMB: target cycle', { type: '0' }, 'enter');
    expect(await until('above 0')).toContain('Give a number above 0');
    screen.keypress('backspace');
    screen.type('1 000');
    screen.keypress('enter');
    const answers = (await done).segments[0]!.answers;
    expect(answers.dealSize).toBe(6000);
    expect(answers.cycleDays).toBe(1000);
  });

  it('takes 6k as a deal size', async () => {
    const done = askAnswers(
      { company: 'Acme', segments: ['smb'], roles: ['owner'], decisionMaker: 'owner', trial: true, securityReview: false, procurement: false, legalReview: false, cycleDays: { all: 'auto', bySegment: {} }, workdays: ['mon'], holidays: [], ci: 'none' },
      { defaultCompany: 'Demo' },
    );
    await answer('SMB: typical deal size', { type: '6k' }, 'enter');
    expect((await done).segments[0]!.answers.dealSize).toBe(6000);
  });

  it('offers the motion templates under the segments, and asks only the numbers for a template', async () => {
    const done = askAnswers({ company: 'Acme', workdays: ['mon'], holidays: [], ci: 'none' }, { defaultCompany: 'Demo' });
    // Uncheck the three segments, then check MEDDPICC (the separator is skipped by the cursor).
    const shown = await answer('Which segments', 'space', DOWN, 'space', DOWN, 'space', DOWN, 'space', 'enter');
    expect(shown).toContain('or a sales motion, from a template');
    expect(shown).toContain('MEDDPICC enterprise (1,000+ employees)');
    expect(shown).toContain('Product-led SMB (1–49 employees)');
    expect(shown).toContain('Partner-sourced mid-market (50–999 employees)');
    expect(await answer('MEDDPICC enterprise: typical deal size', { type: '150k' }, 'enter')).toContain('(100000)');
    const cycle = await answer('MEDDPICC enterprise: target cycle', { type: '60' }, 'enter');
    expect(cycle).toMatch(/estimates give ≈ \d+\.\d\)/);
    await expect(done).resolves.toEqual({
      company: 'Acme',
      segments: [],
      templates: [{ template: 'meddpicc', answers: { dealSize: 150000, cycleDays: 60 } }],
      calendar: { workdays: ['mon'], holidays: [] },
      ci: 'none',
    });
  });

  it('refuses a holiday that is not a date, then accepts "none"', async () => {
    const done = askAnswers(
      {
        company: 'Acme',
        segments: ['smb'],
        roles: ['owner'],
        decisionMaker: 'owner',
        trial: true,
        securityReview: false,
        procurement: false,
        legalReview: false,
        dealSize: { all: 1, bySegment: {} },
        cycleDays: { all: 'auto', bySegment: {} },
        workdays: ['mon'],
        ci: 'none',
      },
      { defaultCompany: 'Demo' },
    );
    await answer('Calendar: holidays', { type: '2026-13-01' }, 'enter');
    expect(await until('not a calendar date')).toContain('"2026-13-01" is not a calendar date');
    for (let i = 0; i < '2026-13-01'.length; i++) screen.keypress('backspace');
    screen.type('none');
    screen.keypress('enter');
    expect((await done).calendar.holidays).toEqual([]);
  });
});
