import { describe, expect, it } from 'vitest';
import type { Tabulation } from '../../shared/domain/tabulation/count.js';
import type { Certificate } from '../../shared/domain/tabulation/certificate.js';
import { BAR_LENGTH, BAR_X, chartBars, pluralityCut, resultsPage } from '../../shared/http/results-page.js';
import { certificatePage } from '../../shared/http/certificate-page.js';

/**
 * The results page and the certificate page, rendered without a server. The tabulation is written here by hand
 * (not produced by the count), so every expected figure below follows from these numbers:
 *
 * - proposal 2 (majority of voting power present): FOR 60, AGAINST 30, ABSTAIN 10, no broker non-votes;
 *   present and entitled 100, threshold ⌊100 / 2⌋ + 1 = 51 in the count — here the threshold is set to 50 to
 *   check the drawing on the hand-worked case of the brief: on a 100-share scale the mark is at 50 % of the bar,
 *   the FOR segment is 60 % long, AGAINST 30 %, ABSTAIN 10 %.
 * - proposal 1 (plurality, 2 seats): nominees FOR 100 / 80 / 50, WITHHOLD 0 / 20 / 50 → every bar is 100 shares;
 *   the cut is the 2nd-highest FOR, 80, so the shared cut line is at 80 % of the bars.
 * - proposal 6 (two thirds of 300 outstanding): FOR 150, AGAINST 30 → threshold ⌈2 × 300 / 3⌉ = 200; the scale is
 *   the threshold (200 > 180 voted), so the mark is at the end of the bar and FOR is 150 / 200 = 75 % long.
 *
 * Meeting-file strings carry markup (`<script>`, `&`, quotes) to check that every one is escaped.
 */
const EVIL = `<script>alert("x")</script> & 'Co'`;
const zero = { brokerNonVotes: 0, presentNotVoting: 0 };

const tabulation: Tabulation = {
  meetingId: 'acme-2024',
  issuer: `Acme ${EVIL}`,
  mode: 'preliminary',
  asOf: '2024-06-10T22:00:00.000Z',
  meetingDate: '2024-06-20',
  recordDate: '2024-05-30',
  sharesOutstanding: 300,
  quorum: {
    fraction: '1/3',
    required: 100,
    present: 280,
    registeredPresent: 200,
    registeredAccounts: 4,
    streetPresent: 80,
    met: true,
  },
  proposals: [
    {
      number: 1,
      title: `Election of directors ${EVIL}`,
      kind: 'election',
      standard: 'plurality-of-votes-cast',
      routine: false,
      seats: 2,
      nominees: [
        {
          name: `Ann ${EVIL}`,
          party: 'board',
          votes: { for: 100, withheld: 0, ...zero },
          threshold: { shares: null, rule: 'among the 2 with the most FOR votes' },
          status: 'ELECTED',
          flags: [],
        },
        {
          name: 'Bo Li',
          party: 'board',
          votes: { for: 80, withheld: 20, ...zero },
          threshold: { shares: null, rule: 'among the 2 with the most FOR votes' },
          status: 'ELECTED',
          flags: [],
        },
        {
          name: 'Cy Dee',
          party: 'board',
          votes: { for: 50, withheld: 50, ...zero },
          threshold: { shares: null, rule: 'among the 2 with the most FOR votes' },
          status: 'NOT ELECTED',
          flags: [],
        },
      ],
      elected: [`Ann ${EVIL}`, 'Bo Li'],
      threshold: { shares: null, rule: 'the 2 nominees with the most FOR votes (plurality of votes cast)' },
      status: 'ELECTED',
      flags: [],
    },
    {
      number: 2,
      title: 'Ratification of the auditor',
      kind: 'matter',
      standard: 'majority-of-voting-power-present',
      routine: true,
      votes: { for: 60, against: 30, abstain: 10, ...zero },
      threshold: { shares: 50, rule: 'FOR > half of the shares present and entitled' },
      status: 'PASSED',
      flags: [{ code: 'NYSE_452', message: `a flag ${EVIL}` }],
    },
    {
      number: 6,
      title: 'Officer exculpation',
      kind: 'matter',
      standard: 'two-thirds-of-outstanding',
      routine: false,
      votes: { for: 150, against: 30, abstain: 0, ...zero },
      threshold: { shares: 200, rule: 'FOR ≥ two thirds of the 300 shares outstanding' },
      status: 'FAILED',
      flags: [],
    },
  ],
  nominees: [],
  reconciliations: [],
  flags: [{ code: 'POSITIONS_MISSING', message: `no positions ${EVIL}` }],
};

/** The `<svg>…</svg>` of proposal n's chart. */
const chartOf = (html: string, n: number) => {
  const m = new RegExp(`<svg[^>]*aria-labelledby="chart-${n}-title[^]*?</svg>`).exec(html);
  if (!m) throw new Error(`no chart for proposal ${n}`);
  return m[0];
};
const attrs = (el: string) => Object.fromEntries([...el.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
const elements = (svg: string, tag: string, cls: string) =>
  [...svg.matchAll(new RegExp(`<${tag} class="${cls}"[^>]*>`, 'g'))].map((m) => attrs(m[0]));
/** A position on the bar as a fraction of its length. */
const fraction = (track: Record<string, string | undefined>, x: string | undefined) =>
  (Number(x) - Number(track.x)) / Number(track.width);

describe('the results chart', () => {
  const html = resultsPage(tabulation);

  it('FOR 60 / AGAINST 30 / ABSTAIN 10 with a threshold of 50 on a 100-share scale: the mark at 50 % of the bar', () => {
    const svg = chartOf(html, 2);
    const [track] = elements(svg, 'rect', 'track');
    expect(Number(track!.width)).toBe(BAR_LENGTH);
    const [mark] = elements(svg, 'line', 'threshold');
    expect(fraction(track!, mark!.x1)).toBeCloseTo(0.5, 6);
    const segs = elements(svg, 'rect', 'segment');
    expect(segs.map((s) => s['data-column'])).toEqual(['for', 'against', 'abstain']);
    expect(segs.map((s) => Number(s.width) / BAR_LENGTH)).toEqual([0.6, 0.3, 0.1].map((v) => expect.closeTo(v, 6)));
    // Stacked: each segment starts where the one before ends, the first at the bar's left edge.
    expect(Number(segs[0]!.x)).toBe(BAR_X);
    expect(Number(segs[1]!.x)).toBeCloseTo(BAR_X + 0.6 * BAR_LENGTH, 6);
    expect(Number(segs[2]!.x)).toBeCloseTo(BAR_X + 0.9 * BAR_LENGTH, 6);
  });

  it('a threshold above the votes sets the scale: 200 needed, 180 voted → the mark at the end, FOR 75 % long', () => {
    const svg = chartOf(html, 6);
    const [track] = elements(svg, 'rect', 'track');
    expect(fraction(track!, elements(svg, 'line', 'threshold')[0]!.x1)).toBeCloseTo(1, 6);
    expect(Number(elements(svg, 'rect', 'segment')[0]!.width) / BAR_LENGTH).toBeCloseTo(0.75, 6);
  });

  it('a plurality election: one bar per nominee, one cut line at the 2nd seat’s FOR (80 of 100)', () => {
    const svg = chartOf(html, 1);
    const tracks = elements(svg, 'rect', 'track');
    expect(tracks).toHaveLength(3);
    const marks = elements(svg, 'line', 'threshold');
    expect(marks).toHaveLength(1);
    expect(fraction(tracks[0]!, marks[0]!.x1)).toBeCloseTo(0.8, 6);
    // Ann: FOR fills the bar; Cy Dee: FOR half, WITHHOLD half.
    const fors = elements(svg, 'rect', 'segment').filter((s) => s['data-column'] === 'for');
    expect(fors.map((s) => Number(s.width) / BAR_LENGTH)).toEqual([1, 0.8, 0.5].map((v) => expect.closeTo(v, 6)));
    expect(pluralityCut(tabulation.proposals[0]!)).toBe(80);
  });

  it('no cut when the nominees do not outnumber the seats', () => {
    const uncontested = { ...tabulation.proposals[0]!, seats: 3 };
    expect(pluralityCut(uncontested)).toBeNull();
  });

  it('lengths are proportional to shares on one scale across the bars of a chart', () => {
    const bars = chartBars([
      { label: 'a', votes: { for: 25, against: 25 }, mark: 10 },
      { label: 'b', votes: { for: 100 } },
    ]);
    // Scale 100 (the longest bar): 25 shares are a quarter of the length; the mark 10 a tenth.
    expect(bars[0]!.segments.map((s) => s.width)).toEqual([BAR_LENGTH / 4, BAR_LENGTH / 4]);
    expect(bars[0]!.mark!.x).toBeCloseTo(BAR_X + BAR_LENGTH / 10, 6);
    expect(bars[1]!.segments[0]!.width).toBe(BAR_LENGTH);
  });

  it('each chart is an image named and described in words, numbers included', () => {
    const svg = chartOf(html, 2);
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="chart-2-title" aria-describedby="chart-2-desc"/);
    expect(svg).toContain(
      '<title id="chart-2-title">Proposal 2, Ratification of the auditor: votes against the threshold</title>',
    );
    expect(svg).toContain(
      '<desc id="chart-2-desc">For 60, Against 30, Abstain 10, Broker non-votes 0. Threshold: 50 shares FOR needed; ' +
        'FOR is 10 shares above it. Result: PASSED.</desc>',
    );
    expect(chartOf(html, 6)).toContain('FOR is 50 shares short of it. Result: FAILED.');
    expect(chartOf(html, 1)).toContain('The cut for 2 seats is at 80 FOR votes');
  });
});

describe('the results page', () => {
  const html = resultsPage(tabulation, {
    polls: { at: '2024-06-20T09:00:00-07:00', label: '9:00 am Pacific on 2024-06-20', closed: false },
  });

  it('has a row per proposal in the results table, and the quorum', () => {
    const summary = /<caption>Each proposal<\/caption>[^]*?<\/table>/.exec(html)![0];
    const rows = [...summary.matchAll(/<tr><td>(\d+)<\/td>[^]*?<strong>([^<]+)<\/strong>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['1', 'ELECTED'],
      ['2', 'PASSED'],
      ['6', 'FAILED'],
    ]);
    expect(html).toContain(
      '<th scope="row">Shares present in person (virtually) or by proxy</th><td class="num">280</td>',
    );
    expect(html).toContain('<strong>present</strong>');
  });

  it('says it is preliminary and when the polls close', () => {
    expect(html).toContain('<strong>Preliminary</strong>');
    expect(html).toContain('until the polls close at 9:00 am Pacific on 2024-06-20');
    expect(resultsPage({ ...tabulation, mode: 'final' })).toContain('<strong>Final</strong>');
  });

  it('escapes every meeting-file string and carries no script', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain(EVIL);
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;';
    // The issuer (title and heading), a proposal title, a nominee's name (table and chart), flags.
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(8);
    expect(html).toContain(`<title>Acme ${escaped}: preliminary results</title>`);
    expect(html).toContain(`<th scope="row">Ann ${escaped}</th>`);
    expect(chartOf(html, 1)).toContain(`<text x="10" y="`); // the labels are text, escaped inside
    expect(chartOf(html, 1)).toContain(`>Ann ${escaped}: ELECTED</text>`);
  });

  it('links the certificate and the JSON of the same mode', () => {
    expect(html).toContain('href="/meetings/acme-2024/results/certificate?mode=preliminary"');
    expect(html).toContain('href="/meetings/acme-2024/results?mode=preliminary"');
  });
});

describe('the certificate page', () => {
  const certificate: Certificate = {
    meetingId: 'acme-2024',
    issuer: `Acme ${EVIL}`,
    meetingKind: 'annual',
    meetingDate: '2024-06-20',
    recordDate: '2024-05-30',
    mode: 'final',
    sharesOutstanding: 300,
    quorum: tabulation.quorum,
    results: tabulation.proposals,
    reconciliations: [],
    notCounted: [
      { account: `TA-1 ${EVIL}`, kind: 'mail', receivedAt: '2024-06-19T10:00:00Z', reason: `unsigned ${EVIL}` },
    ],
    flags: [],
    inspectors: [`Ines Spector ${EVIL}`],
  };
  const html = certificatePage(certificate);

  it('is the printable certificate, readable on a phone, with print rules and a link back that is not printed', () => {
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('@media print{');
    expect(html).toContain('@page{size:letter');
    expect(html).toContain('nav{display:none}');
    expect(html).toContain('<a href="/meetings/acme-2024/results/page?mode=final">Back to the results and charts</a>');
    expect(html).toContain('Report and certificate of the inspector of election');
  });

  it('escapes every meeting-file string and carries no script', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain(EVIL);
    expect(html).toContain('<p>Ines Spector &lt;script&gt;');
    expect(html).toContain('TA-1 &lt;script&gt;');
  });
});
