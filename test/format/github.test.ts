// The github format: one workflow command per finding, with the runner's escaping of data and properties.
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/format/github.js';
import { RESULTS } from './results.js';

describe('github', () => {
  it('prints one ::error or ::warning line per finding, escaping the message', () => {
    expect(formatGithub(RESULTS)).toBe(
      [
        '::error file=processes/smb.yaml,line=9,col=7,endLine=9,endColumn=12,title=unknown-reference::step "demo" goes to "clsoe", which is not a step; fix the id',
        "::warning file=processes/smb.yaml,line=12,col=9,endLine=13,endColumn=30,title=unscheduled-next-step::step \"démo\": 50%25 odds, then <&> 'maybe'%0Aadd within: 3",
        '::error file=processes/smb.yaml,line=104,col=3,endLine=104,endColumn=20,title=probability-sum::odds of "qualify" sum to 0.9; make them sum to 1.',
        '::warning file=deals/über deal.yaml,line=3,col=1,endLine=3,endColumn=8,title=no-owner::step "intro" has no owner; add `owner: <role>`',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there are no findings', () => {
    expect(formatGithub([])).toBe('');
    expect(formatGithub(RESULTS.slice(2))).toBe('');
  });

  it('escapes properties so a file name cannot end the property list or the command', () => {
    const file = 'a,b:c%d\r\n.yaml';
    const [line] = formatGithub([
      {
        file,
        diagnostics: [{ file, ruleId: 'no-owner', severity: 'warning', message: 'm', messageId: 'stepWithoutOwner', line: 1, column: 2, endLine: 3, endColumn: 4 }],
        errorCount: 0,
        warningCount: 1,
        process: undefined,
      },
    ]).split('\n');
    expect(line).toBe('::warning file=a%2Cb%3Ac%25d%0D%0A.yaml,line=1,col=2,endLine=3,endColumn=4,title=no-owner::m');
  });

  it('escapes % first, so escapes already in the text survive literally', () => {
    expect(escapeData('100%0A\r\n: ,')).toBe('100%250A%0D%0A: ,');
    expect(escapeProperty('100%0A\r\n: ,')).toBe('100%250A%0D%0A%3A %2C');
  });
});
