import type { ZodType } from 'zod';
import { ConflictError, FieldErrors, isUserError, newErrorReference } from '../errors.js';
import type { Logger } from '../logger.js';

export interface Reply {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks?: unknown[];
}

export function ephemeral(text: string): Reply {
  return { response_type: 'ephemeral', text };
}

/**
 * The one place that turns an error into what the person sees: their own mistakes in words that
 * say what to do next; anything else as a short reference that is also on the error log line.
 */
export function presentError(
  error: unknown,
  logger: Logger,
  where: Record<string, unknown>,
): Reply {
  if (error instanceof FieldErrors) return ephemeral(Object.values(error.errors).join('\n'));
  if (error instanceof ConflictError || isUserError(error)) return ephemeral(error.message);
  const reference = newErrorReference();
  logger.error('handler failed', { reference, error, ...where });
  return ephemeral(
    `Something went wrong on our side (reference ${reference}). Nothing was changed; ` +
      'try again, and give this reference to whoever runs Vigil if it happens again.',
  );
}

/** Modal field errors are keyed by input block_id; a reference goes on the first field given. */
export function presentViewError(
  error: unknown,
  logger: Logger,
  where: Record<string, unknown>,
  fallbackField: string,
): Record<string, string> {
  if (error instanceof FieldErrors) return error.errors;
  if (isUserError(error)) return { [error.field ?? fallbackField]: error.message };
  const reply = presentError(error, logger, where);
  return { [fallbackField]: reply.text };
}

/**
 * Parses a submitted form. A value the form's own options should have prevented (a stale modal,
 * a hand-made request) comes back on its field rather than as a failure with a reference.
 * `blockOf` maps a schema key to its block_id where the two differ.
 */
export function parseForm<T>(
  schema: ZodType<T>,
  raw: Record<string, unknown>,
  blockOf: Record<string, string> = {},
): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '');
    const field = blockOf[key] ?? key;
    const choices = 'values' in issue && Array.isArray(issue.values) ? issue.values : [];
    errors[field] ??=
      choices.length > 0
        ? `Choose one of ${choices.join(', ')}.`
        : 'This value is not valid; fill it in again.';
  }
  throw new FieldErrors(errors);
}
