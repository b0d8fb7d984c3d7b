import { NotFoundError } from '../errors.js';
import { reconcile } from './import.js';
import type { ControlNumberIssuer, Holder, HolderStore, Reconciliation } from './model.js';

/** A holder as shown to operations: everything but the control-number material. */
export type HolderView = Omit<Holder, 'controlSeq' | 'controlHash'> & { readonly controlNumberIssued: true };

export function toView(h: Holder): HolderView {
  const { controlSeq: _seq, controlHash: _hash, ...rest } = h;
  return { ...rest, controlNumberIssued: true };
}

/** @throws NotFoundError */
export async function showHolder(store: HolderStore, meetingId: string, accountId: string): Promise<HolderView> {
  const h = await store.getHolder(meetingId, accountId);
  if (!h) throw new NotFoundError(`no holder ${accountId} in meeting ${meetingId}`);
  return toView(h);
}

/** The holder a control number belongs to, through its keyed hash; undefined if none. */
export async function findByControlNumber(
  deps: { holders: HolderStore; controlNumbers: Pick<ControlNumberIssuer, 'hash'> },
  meetingId: string,
  controlNumber: string,
): Promise<Holder | undefined> {
  return deps.holders.getHolderByControlHash(meetingId, deps.controlNumbers.hash(meetingId, controlNumber));
}

export async function holderSummary(
  store: HolderStore,
  meetingId: string,
  sharesOutstanding: number,
): Promise<Reconciliation> {
  return reconcile(sharesOutstanding, await store.totals(meetingId));
}

/**
 * The clear control numbers, for the mailing vendor only (`holders export-control-numbers`):
 * recomputed from the secret, page by page, never stored.
 */
export async function* controlNumberRows(
  deps: { holders: HolderStore; controlNumbers: Pick<ControlNumberIssuer, 'controlNumbers'> },
  meetingId: string,
): AsyncGenerator<{ accountId: string; name: string; controlNumber: string }> {
  let cursor: string | undefined;
  do {
    const page = await deps.holders.listHolders(meetingId, { cursor, limit: 500 });
    const numbers = deps.controlNumbers.controlNumbers(
      meetingId,
      page.holders.map((h) => h.controlSeq),
    );
    for (const [i, h] of page.holders.entries())
      yield { accountId: h.accountId, name: h.name, controlNumber: numbers[i]! };
    cursor = page.cursor;
  } while (cursor);
}
