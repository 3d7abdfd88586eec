/**
 * Expected failures a person can cause (no active quiz, not allowed, bad input). The dispatcher
 * turns a UserError into a friendly reply from the messages module; anything else is a bug,
 * logged with context and answered with a short apology.
 */
export type UserErrorCode =
  | 'question-empty'
  | 'question-too-long'
  | 'unknown-command'
  | 'bad-arguments'
  | 'not-allowed'
  | 'no-active-quiz'
  | 'quiz-already-running'
  | 'no-quiz-items'
  | 'unknown-topic'
  | 'bad-time'
  | 'bad-timezone'
  | 'daily-not-set'
  | 'nothing-to-post'
  | 'rate-limited'
  | 'quiz-rate-limited'
  | 'channel-post-rate-limited'
  | 'unknown-entry'
  | 'expired'
  // --- reliability ---
  /** The state file is locked by another process longer than a request may wait; try again shortly. */
  | 'state-busy'
  /** The shared database (several hosts) cannot be reached just now; the bot reconnects by itself. */
  | 'state-unavailable'
  /** The platform could not tell whether this person may manage the workspace (lookup failed). */
  | 'rights-unknown'
  // --- quiz ---
  | 'quiz-stop-not-allowed';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    /** Values for the message template (e.g. `{ max: 500 }`). */
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(code);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
