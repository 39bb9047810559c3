// Builds spx once before the tests: unit tests import the generated schema validators, and the
// end-to-end tests run the built CLI exactly as users do.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
