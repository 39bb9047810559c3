// Text from deal-data files in the reports of audit, forecast and calibrate: control characters from a hostile
// export (a lone CR, an escape sequence) never reach the markdown or the terminal as they are.
import { describe, expect, it } from 'vitest';
import { SMB_TEXT } from '../deals/pipeline.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

/** C0 controls but LF, DEL and C1: none may reach a report. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const HEADER = 'deal,stage,at,owner,amount,currency,pipeline,next_activity_at';
/** Open deals whose id, owner, currency and stage carry a lone CR, a CRLF, an escape sequence (clear screen, set title) and C1 CSI. */
const HOSTILE = [
  HEADER,
  '"D1\r# injected heading",appointmentscheduled,2026-05-01T10:00:00Z,"ana\r- [click](http://x)",100,USD,,',
  '"D2\x1b[2J",qualifiedtobuy,2026-05-02T10:00:00Z,"\x1b]0;pwned\x07bo",200,"US\x1b[31mD",,',
  '"D3\r\nsplit",appointmentscheduled,2026-05-03T10:00:00Z,"chen\u009b2J",300,USD,,',
  'D4,"stage\r| a | b |\x1b[1m",2026-05-04T10:00:00Z,ana,400,USD,,',
].join('\n');
const dir = tempDir({ 'smb.yaml': SMB_TEXT, 'deals.csv': `${HOSTILE}\n` });
const run = (argv: readonly string[]) => spxIn([...argv, 'smb.yaml', 'deals.csv', '--as-of', '2026-06-01'], { cwd: dir });

describe('control characters from deal data', () => {
  it.each(['audit', 'calibrate'])('%s --format markdown: a lone CR cannot start a line of markup', async (command) => {
    const result = await run([command, '--format', 'markdown']);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(CONTROL);
  });

  it.each(['audit', 'forecast', 'calibrate'])('%s text: no escape sequence or lone CR reaches the terminal', async (command) => {
    const result = await run([command]);
    expect(result.stderr).toBe('');
    // No colours in-process (not a TTY): every control character here would come from the data.
    expect(result.stdout).not.toMatch(CONTROL);
  });
});

describe('control characters from deal data, C1 and unrouted pipelines', () => {
  /** A process that claims pipeline "default", a deal in a pipeline with escape sequences, a stage with C1 CSI (U+009B). */
  const claimed = SMB_TEXT.replace('  # pipeline: default', '  pipeline: default');
  const csv = [
    'deal,stage,at,pipeline',
    'D1,appointmentscheduled,2026-05-01,default',
    'D2,appointmentscheduled,2026-05-01,"evil\x1b[2J\x1b]0;pwned\x07x"',
    'D3,"weird\u009b2J\x1b]0;t\x07stage",2026-05-02,default',
  ].join('\n');
  const hostile = tempDir({ 'smb.yaml': claimed, 'deals.csv': `${csv}\n` });
  const runIn = (argv: readonly string[]) => spxIn([...argv, 'smb.yaml', 'deals.csv', '--as-of', '2026-06-01'], { cwd: hostile });

  it.each(['audit', 'forecast', 'calibrate'])('%s text and markdown: neither C0 nor C1 controls reach the output', async (command) => {
    for (const format of ['text', 'markdown']) {
      const result = await runIn([command, '--format', format]);
      expect(result.stdout + result.stderr).not.toMatch(CONTROL);
    }
  });

  it('audit text names the unrouted pipeline with its controls as spaces', async () => {
    const result = await runIn(['audit']);
    expect(result.stdout).toContain('1 deals are in pipelines no process claims (set crm.pipeline): evil [2J ]0;pwned x (1)');
  });

  it('calibrate text names the unmapped stage with its C1 control as a space', async () => {
    const result = await runIn(['calibrate']);
    expect(result.stdout + result.stderr).toContain('stage "weird 2J ]0;t stage" (1 deal) maps to no step or outcome');
  });

  it('JSON keeps the data as it is', async () => {
    const audit = JSON.parse((await runIn(['audit', '--format', 'json'])).stdout);
    expect(audit.unrouted.map((u: { pipeline?: string }) => u.pipeline)).toEqual(['evil\x1b[2J\x1b]0;pwned\x07x']);
  });
});
