// Types for the generated standalone validator (scripts/generate-validators.mjs).
import type { ValidateFunction } from 'ajv';
declare const validate: ValidateFunction;
export default validate;
