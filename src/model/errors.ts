/** Typed fatal errors: anything that stops a command (exit 2) carries a stable code and a one-line message. */

/** Stable codes, documented in the README; scripts may match on them. */
export type SpxErrorCode =
  | 'E_USAGE'
  | 'E_FILE_NOT_FOUND'
  | 'E_NO_FILES'
  | 'E_READ'
  | 'E_CONFIG'
  | 'E_INVALID_PROCESS'
  | 'E_UNKNOWN_STEP'
  | 'E_UNKNOWN_ROLE'
  | 'E_BAD_DATE'
  | 'E_WRITE'
  | 'E_GIT'
  | 'E_NOT_GIT_REPO'
  | 'E_UNKNOWN_REVISION'
  | 'E_SHALLOW_CLONE'
  | 'E_FILE_EXISTS'
  | 'E_DEAL_DATA'
  | 'E_EXPORT'
  | 'E_IMPORT'
  | 'E_INTERNAL';

/** A fatal error with a stable code (`E_…`): the CLI prints its message on one line and exits 2. */
export class SpxError extends Error {
  override readonly name = 'SpxError';
  constructor(
    readonly code: SpxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What an internal error (a bug, E_INTERNAL) asks of the user. */
export const REPORT_HINT = 'this is a bug in spx: please report it with the output of the same command run with --debug';
