import { z } from 'zod';
import { NotAcceptedError, ThrottledError } from '../errors.js';
import type { Holder } from './model.js';

/**
 * A holder found by the control number they typed: the one way the public routes (requests, votes)
 * authenticate. Every failure of the number answers the same "not accepted", and a client's refused
 * attempts are counted and throttled. The number is never stored or logged in clear.
 */

/** The control number as typed: spaces and hyphens allowed; its form only (whether it exists is the uniform refusal's). */
export const ControlNumberSchema = z
  .string({ message: 'controlNumber is required' })
  .transform((v) => v.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{12}$/, 'controlNumber must be the 12 digits printed on the Notice or proxy card'));

/** Port: refused attempts per client (an IP address), counted over the last quarter hour or so. */
export interface AttemptCounter {
  /** Seconds to wait when the client is over its limit, else 0. */
  blockedFor(client: string, now: string): Promise<number>;
  fail(client: string, now: string): Promise<void>;
}

export interface AccessDeps {
  readonly findHolder: (meetingId: string, controlNumber: string) => Promise<Holder | undefined>;
  readonly attempts: AttemptCounter;
}

/** Refuses a client over its limit of refused attempts (THROTTLED, with the seconds to wait). */
export async function checkNotThrottled(
  deps: Pick<AccessDeps, 'attempts'>,
  client: string,
  now: string,
): Promise<void> {
  const wait = await deps.attempts.blockedFor(client, now);
  if (wait > 0) throw new ThrottledError(wait);
}

/** The holder of a (well-formed) control number, or the uniform NOT_ACCEPTED, counted against the client. */
export async function holderByControlNumber(
  deps: AccessDeps,
  input: { meetingId: string; controlNumber: string; client: string; now: string },
): Promise<Holder> {
  const holder = await deps.findHolder(input.meetingId, input.controlNumber);
  if (holder) return holder;
  await deps.attempts.fail(input.client, input.now);
  throw new NotAcceptedError();
}
