/** Domain errors carry a stable code and, for invalid input, the fields at fault. No HTTP codes here. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

export type DomainErrorCode = 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'NOT_ACCEPTED' | 'THROTTLED';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class InvalidInputError extends DomainError {
  constructor(
    issues: readonly FieldIssue[],
    message = `invalid input: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
  ) {
    super('INVALID_INPUT', message, issues);
    this.name = 'InvalidInputError';
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('NOT_FOUND', message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
    this.name = 'ConflictError';
  }
}

/**
 * A stockholder request refused without saying why beyond "not accepted": the answer must not
 * reveal whether a control number exists.
 */
export class NotAcceptedError extends DomainError {
  constructor(message = 'not accepted: check the 12-digit control number on your Notice or proxy card') {
    super('NOT_ACCEPTED', message);
    this.name = 'NotAcceptedError';
  }
}

/** Too many refused attempts from one client: wait before trying again. */
export class ThrottledError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('THROTTLED', `too many attempts; try again in ${retryAfterSeconds} seconds`);
    this.name = 'ThrottledError';
  }
}

/** Turns zod issues into field issues ("meeting.recordDate: ..."). */
export function fieldIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', message: i.message }));
}
