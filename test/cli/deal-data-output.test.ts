// Text from deal-data files in the reports of audit, forecast and calibrate: control characters from a hostile
// export (a lone CR, an escape sequence) never reach the markdown or the terminal as they are.
import { describe, expect, it } from 'vitest';
import { SMB_TEXT } from '../deals/pipeline.js';
import { spxIn } from './in-process.js';
import { tempDir } from './run-cli.js';

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
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it.each(['audit', 'forecast', 'calibrate'])('%s text: no escape sequence or lone CR reaches the terminal', async (command) => {
    const result = await run([command]);
    expect(result.stderr).toBe('');
    // No colours in-process (not a TTY): every control character here would come from the data.
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
