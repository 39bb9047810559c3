/** UTF-16 text without a byte order mark, told from binary data: shared by the process, pipeline and deal-data readers. */

/**
 * Whether a file's first bytes are UTF-16 without a BOM: in each of the first pairs (at least two) one byte is NUL and
 * the other is not, on the same side every time — ASCII text in UTF-16. Else NUL bytes mean binary data.
 */
export function looksLikeUtf16(bytes: Uint8Array): boolean {
  const pairs = Math.min(32, bytes.length >> 1);
  if (pairs < 2) return false;
  let little = true;
  let big = true;
  for (let i = 0; i < pairs; i++) {
    const a = bytes[2 * i]!;
    const b = bytes[2 * i + 1]!;
    little &&= a !== 0 && b === 0;
    big &&= a === 0 && b !== 0;
  }
  return little || big;
}
