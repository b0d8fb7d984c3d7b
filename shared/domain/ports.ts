/**
 * Ports that every capability shares: the clock, ids and waiting. The domain takes them as
 * dependencies and never reads a clock, draws randomness or sleeps on its own; each runtime's
 * composition root supplies one implementation of each (shared/composition), so a rehearsal of a
 * past or future date (PROXYDESK_NOW) behaves the same everywhere.
 */

/** Now, as an ISO 8601 instant (UTC, `Z`). The one clock a runtime injects everywhere. */
export type Clock = () => string;

/** Fresh, unguessable ids (lease owners, plan ids). Deterministic ids are digests, not this. */
export interface Ids {
  /** A new random id (hex or UUID text). */
  readonly next: () => string;
}

/** Waits (a retry's backoff). Tests inject one that returns at once. */
export type Sleep = (ms: number) => Promise<void>;
