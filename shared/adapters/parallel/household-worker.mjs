// A worker thread that validates holder rows for grouping (validateHouseholdRow), batch by batch.
// Plain JavaScript: it registers tsx itself, then loads the TypeScript domain code.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { validateHouseholdRow } = await import('../../domain/households/use-cases.ts');
// Batches travel as JSON text both ways: parsing JSON is cheaper than a structured clone of many small objects.
parentPort.on('message', ({ id, rows }) => {
  try {
    parentPort.postMessage({ id, results: JSON.stringify(JSON.parse(rows).map(validateHouseholdRow)) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.stack ?? err) });
  }
});
