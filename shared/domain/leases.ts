import { ConflictError } from './errors.js';
import type { Clock, Ids } from './ports.js';

/**
 * Short-lived locks, so one process at a time does a piece of work that must not run twice at
 * once (sending a distribution chunk, writing a day's fulfilment print file). A lease expires on
 * its own: a process that was killed holds it for LEASE_MS at most.
 */

/** Port: leases by scope (a DynamoDB conditional write). */
export interface Leases {
  /**
   * Takes (or renews) the lease of `scope` for `owner` until `until` (ISO instant), unless another
   * owner holds one that has not expired at `now`; false then.
   */
  acquire(scope: string, owner: string, until: string, now: string): Promise<boolean>;
  /** Gives the lease up, if `owner` still holds it. */
  release(scope: string, owner: string): Promise<void>;
}

/** How long a lease lasts without renewal. */
export const LEASE_MS = 60_000;

export interface LeaseDeps {
  readonly leases: Leases;
  readonly ids: Ids;
  /**
   * The time leases are taken and expire by: always the real time, even in a rehearsal
   * (PROXYDESK_NOW fixes the business clock; a lease is between processes running now).
   */
  readonly leaseClock: Clock;
}

export interface LeaseOf {
  /** The lease's scope (its key): one holder per scope. */
  readonly scope: string;
  /** The ConflictError's message when another process holds it. */
  readonly busy: string;
  /** The ConflictError's message when a renewal finds it taken. @default `${scope}: lost the lease to another process; stopping` */
  readonly lost?: string;
}

/** Given to the work done under a lease. */
export interface HeldLease {
  /**
   * Keeps the lease: renews it once a quarter of its time has passed since it was last taken (a
   * cheap no-op otherwise, so long work calls it as it goes). Throws ConflictError if it was lost.
   */
  renew(): Promise<void>;
}

/**
 * Runs `body` holding the lease of `of.scope` (a fresh owner id for this call), and releases it
 * after, however `body` ends. Throws ConflictError (`of.busy`) when another process holds it.
 */
export async function withLease<T>(deps: LeaseDeps, of: LeaseOf, body: (lease: HeldLease) => Promise<T>): Promise<T> {
  const owner = deps.ids.next();
  const take = (now: string) =>
    deps.leases.acquire(of.scope, owner, new Date(Date.parse(now) + LEASE_MS).toISOString(), now);
  const start = deps.leaseClock();
  if (!(await take(start))) throw new ConflictError(of.busy);
  let takenAt = Date.parse(start);
  let lost = false;
  const lease: HeldLease = {
    renew: async () => {
      if (!lost) {
        const now = deps.leaseClock();
        if (Date.parse(now) - takenAt < LEASE_MS / 4) return;
        takenAt = Date.parse(now); // before the write: work running alongside does not renew again meanwhile
        lost = !(await take(now));
      }
      if (lost) throw new ConflictError(of.lost ?? `${of.scope}: lost the lease to another process; stopping`);
    },
  };
  try {
    return await body(lease);
  } finally {
    await deps.leases.release(of.scope, owner);
  }
}
