import { randomBytes } from 'node:crypto';

/**
 * A mistake the person in Slack can fix. The message is written for them and says what to do
 * next; `field` names the modal block the message belongs to, when there is one.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Several modal fields wrong at once: each block_id with its message. */
export class FieldErrors extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join('; '));
    this.name = 'FieldErrors';
  }
}

/** Two clicks raced and the other one won: the state already moved on. */
export class ConflictError extends UserError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export function newErrorReference(): string {
  return `ERR-${randomBytes(4).toString('hex').toUpperCase()}`;
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
