// The report's text helpers: HTML escaping, the JSON data block, clipping by escaped length.
import { describe, expect, it } from 'vitest';
import { clip, esc, escClipped, scriptJson } from '../../src/report/html.js';

describe('report text helpers', () => {
  it('esc escapes markup and quotes, and writes bidirectional controls as character references', () => {
    expect(esc(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(esc('a\u202Eb\u2066c\u2069')).toBe('a&#x202e;b&#x2066;c&#x2069;');
    expect(esc('{{x}} ${y}')).toBe('{{x}} ${y}');
  });

  it('scriptJson cannot end its script block or open a comment, and parses back to the same value', () => {
    const value = { title: '</script><!-- <script>alert(1)</script> & \u2028\u202E', n: 0.1 + 0.2 };
    const text = scriptJson(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('clip shortens by characters (not UTF-16 units) with an ellipsis; escClipped keeps the escaped text within the limit', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('😀😀😀😀', 3)).toBe('😀😀…');
    const escaped = escClipped('<'.repeat(100), 70);
    expect(escaped.length).toBeLessThanOrEqual(70);
    expect(escaped).toBe(`${'&lt;'.repeat(17)}…`);
    expect(escClipped('short', 70)).toBe('short');
  });
});
