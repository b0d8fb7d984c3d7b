// A worker thread that validates holder rows for grouping (validateHouseholdRow), batch by batch.
// Plain JavaScript: it registers tsx itself, then loads the TypeScript domain code.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { validateHouseholdRow } = await import('../../domain/households/use-cases.ts');
parentPort.on('message', ({ id, rows }) => {
  try {
    parentPort.postMessage({ id, results: rows.map(validateHouseholdRow) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.stack ?? err) });
  }
});
