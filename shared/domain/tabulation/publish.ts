import { Temporal } from '../calendar/dates.js';
import { canonicalJson } from '../canonical.js';
import { renderCertificateHtml } from './certificate.js';
import type { TabulationRun } from './run.js';

/**
 * Where the inspector's final certificate is kept (docs/tabulation.md "The tabulate command"). Which tally a
 * moment allows is mode.ts's `resultsMode`, shared with the results route.
 */

/** Port: the reports bucket (the imports bucket's `reports/` prefix), where the certificate files are kept. */
export interface TabulationReportStore {
  /** Stores one file; returns where (an `s3://bucket/key` address). */
  put(key: string, body: string, contentType: string): Promise<string>;
}

/** `20240621T170000Z`: an instant as a key segment (UTC, no separators, whole seconds). */
const keyInstant = (instant: string) =>
  Temporal.Instant.from(instant).toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');

/**
 * The keys of a final certificate: `reports/tabulation/<meeting>/final-<asOf>/certificate.html` and
 * `…/tabulation.json` (the canonical JSON of the tabulation it certifies).
 */
export function certificateKeys(meetingId: string, asOf: string): { certificate: string; tabulation: string } {
  const prefix = `reports/tabulation/${meetingId}/final-${keyInstant(asOf)}`;
  return { certificate: `${prefix}/certificate.html`, tabulation: `${prefix}/tabulation.json` };
}

/** Stores a final tally's certificate (HTML) and its tabulation (canonical JSON) in the reports bucket. */
export async function storeFinalCertificate(
  store: TabulationReportStore,
  run: Pick<TabulationRun, 'tabulation' | 'certificate'>,
): Promise<{ certificate: string; tabulation: string }> {
  const { tabulation } = run;
  if (tabulation.mode !== 'final') throw new Error('only a final tally has a certificate to keep');
  if (!tabulation.asOf) throw new Error('a final tally names the instant it was made (asOf)');
  const keys = certificateKeys(tabulation.meetingId, tabulation.asOf);
  const [certificate, json] = await Promise.all([
    store.put(keys.certificate, renderCertificateHtml(run.certificate), 'text/html; charset=utf-8'),
    store.put(keys.tabulation, `${canonicalJson(tabulation)}\n`, 'application/json'),
  ]);
  return { certificate, tabulation: json };
}
