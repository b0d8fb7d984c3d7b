import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { validateHere, type BatchValidator, type HouseholdValidation } from '../../domain/households/use-cases.js';
import type { ConsentBasis } from '../../domain/households/consent.js';

/**
 * Validation of holder rows for grouping on a worker thread, so that a large file's validation
 * (zod, address normalisation, the delivery key) overlaps reading and parsing it on the main
 * thread. A file of a batch or less, or a one-core machine, is validated here: a thread costs more
 * than it saves there. Results come back in order, so the outcome is the same as validateHere's.
 */
export function householdValidator(): { readonly validate: BatchValidator; close(): Promise<void> } {
  if (availableParallelism() < 2) return { validate: validateHere, close: async () => undefined };
  let worker: Worker | undefined;
  let failure: Error | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve: (r: HouseholdValidation[]) => void; reject: (e: Error) => void }>();
  const fail = (err: Error) => {
    failure = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const start = () => {
    const w = new Worker(new URL('./household-worker.mjs', import.meta.url));
    w.on('message', (m: { id: number; results?: string; error?: string }) => {
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error) p?.reject(new Error(`household validation worker: ${m.error}`));
      else p?.resolve(decode(m.results!));
    });
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(new Error(`household validation worker exited with code ${code}`)));
    return w;
  };
  let batches = 0;
  return {
    validate: (rows) => {
      // The first batch is validated here: a small file never starts a thread.
      if (batches++ === 0) return validateHere(rows);
      if (failure) return Promise.reject(failure);
      worker ??= start();
      const id = next++;
      // Rows as arrays of one set of columns (a CSV's rows all have its header's columns).
      const names = new Set<string>();
      for (const r of rows) for (const c in r) names.add(c);
      const columns = [...names];
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker!.postMessage({ id, columns, rows: JSON.stringify(rows.map((r) => columns.map((c) => r[c] ?? null))) });
      });
    },
    close: async () => {
      await worker?.terminate();
      worker = undefined;
    },
  };
}

type Encoded =
  [string, string, string | 0, ConsentBasis, string, string | 0] | { issues: { field: string; message: string }[] };

/** The worker's compact results (see household-worker.mjs) as validations. */
function decode(text: string): HouseholdValidation[] {
  return (JSON.parse(text) as Encoded[]).map((e) =>
    Array.isArray(e)
      ? {
          ok: true,
          row: {
            accountId: e[0],
            name: e[1],
            coOwner: e[2] === 0 ? undefined : e[2],
            consent: e[3],
            addressKey: e[4],
            address: e[5] === 0 ? undefined : e[5],
          },
        }
      : { ok: false, issues: e.issues },
  );
}
