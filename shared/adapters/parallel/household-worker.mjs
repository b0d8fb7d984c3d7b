// A worker thread that validates holder rows for grouping (validateHouseholdRow), batch by batch.
// Plain JavaScript: it registers tsx itself, then loads the TypeScript domain code.
// Batches travel as JSON text both ways (parsing JSON is cheaper than a structured clone of many
// small objects), and compactly: rows as arrays of the batch's columns; a valid row back as
// [accountId, name, coOwner or 0, consent, addressKey, address as JSON text or 0], the address only the first
// time this thread gives that address key (the main thread takes batches in order, so it already
// has it); a refused row as { issues }.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { validateHouseholdRow } = await import('../../domain/households/use-cases.ts');
const given = new Set();
parentPort.on('message', ({ id, columns, rows }) => {
  try {
    const out = JSON.parse(rows).map((values) => {
      const fields = {};
      for (let c = 0; c < columns.length; c++) fields[columns[c]] = values[c] ?? undefined;
      const r = validateHouseholdRow(fields);
      if (!r.ok) return { issues: r.issues };
      const row = r.row;
      const first = !given.has(row.addressKey);
      if (first) given.add(row.addressKey);
      return [
        row.accountId,
        row.name,
        row.coOwner ?? 0,
        row.consent,
        row.addressKey,
        first ? JSON.stringify(row.address) : 0,
      ];
    });
    parentPort.postMessage({ id, results: JSON.stringify(out) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.stack ?? err) });
  }
});
