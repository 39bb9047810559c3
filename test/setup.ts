// Runs before every test file (vitest re-runs setup files per file, shared module cache or not): the temporary
// directories a file made with tempDir() are removed when it ends.
import { afterAll } from 'vitest';
import { removeTempDirs } from './cli/run-cli.js';

afterAll(removeTempDirs);
