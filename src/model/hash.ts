/** Content hashes for stable fingerprints (SARIF results, diff step fingerprints). */
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;

/**
 * SHA-256 of `text`, in hex. node:crypto is loaded on the first call, not at start-up: loading it costs a few
 * milliseconds that `spx lint` in its default format never needs.
 */
export function sha256Hex(text: string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  return crypto.createHash('sha256').update(text).digest('hex');
}
