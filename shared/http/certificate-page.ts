import { renderCertificateHtml, type Certificate } from '../domain/tabulation/certificate.js';
import { esc } from './materials-site.js';

/**
 * GET /meetings/{meetingId}/results/certificate: the inspector of election's report and certificate
 * (`renderCertificateHtml`, every value escaped there) as a page to read on a screen and to print: a viewport for
 * phones (wide tables scroll inside themselves), a link back to the results that is not printed, and print rules
 * (Letter with margins, table headers repeated on each page, rows and sections kept whole, no link colours).
 * No scripts, nothing loaded from elsewhere.
 */

const CSS = [
  'body{padding:0 1rem;line-height:1.4}',
  '@media screen and (max-width:48rem){body{margin:1rem auto}table{display:block;overflow-x:auto}}',
  'nav a{color:#0b4fb3}',
  '@page{size:letter;margin:2cm 1.5cm}',
  '@media print{body{padding:0;font-size:11pt}nav{display:none}thead{display:table-header-group}' +
    'tr,.signature{break-inside:avoid}h2{break-after:avoid}a{color:#000;text-decoration:none}}',
].join('\n');

/** The printable certificate page, linking back to the results page of the same mode (the link is not printed). */
export function certificatePage(c: Certificate): string {
  const results = `/meetings/${encodeURIComponent(c.meetingId)}/results/page?mode=${c.mode}`;
  const nav = `<nav aria-label="Results"><p><a href="${esc(results)}">Back to the results and charts</a></p></nav>`;
  return renderCertificateHtml(c)
    .replace(
      '<head><meta charset="utf-8">',
      '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    )
    .replace('</style></head>', `\n${CSS}\n</style></head>`)
    .replace('<body>', `<body>\n${nav}`);
}
