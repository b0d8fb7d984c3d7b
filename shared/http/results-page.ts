import type { ProposalResult, Tabulation } from '../domain/tabulation/count.js';
import type { PollsState } from '../domain/tabulation/mode.js';
import { esc, page } from './materials-site.js';

/**
 * The results page (docs/tabulation.md "The results page"): quorum and each proposal's result in tables, and a
 * chart per proposal of its votes against its threshold, drawn as inline SVG. The materials site's rules: plain
 * HTML, no scripts, no cookies, nothing loaded from elsewhere, readable at phone width, printable. The charts are
 * images with a name and a description in words (`role="img"`, `<title>`, `<desc>`); the tables beside them say
 * the same figures and are the accessible equivalent. Rendering only: the figures come from the tabulation.
 */

const fmt = (n: number) => n.toLocaleString('en-US');

/** A chart's drawing width in SVG units: the viewBox scales it to the page (about 1 unit per CSS pixel at 320 px). */
export const CHART_WIDTH = 320;
/** The bars' left edge and length in SVG units. */
export const BAR_X = 10;
export const BAR_LENGTH = CHART_WIDTH - 2 * BAR_X;

/** The columns a bar stacks, in order, with their labels and colours (the legend uses the same). */
const SEGMENTS = [
  { key: 'for', label: 'For', color: '#1d6b2f' },
  { key: 'against', label: 'Against', color: '#a4000f' },
  { key: 'withheld', label: 'Withheld', color: '#a4000f' },
  { key: 'oneYear', label: '1 year', color: '#0b4fb3' },
  { key: 'twoYears', label: '2 years', color: '#5b8fd9' },
  { key: 'threeYears', label: '3 years', color: '#9dbbe8' },
  { key: 'abstain', label: 'Abstain', color: '#6b7280' },
  { key: 'presentNotVoting', label: 'Present, not voting', color: '#c7a76a' },
  { key: 'brokerNonVotes', label: 'Broker non-votes', color: '#d5d9e0' },
] as const;

const LABELS: Readonly<Record<string, string>> = Object.fromEntries(SEGMENTS.map((s) => [s.key, s.label]));

/** The columns always shown in a matter's words, even at 0 (the others only when there are shares in them). */
const ALWAYS = new Set(['for', 'against', 'abstain', 'brokerNonVotes']);

export interface Segment {
  readonly key: string;
  readonly label: string;
  readonly shares: number;
  readonly color: string;
  /** Start and length in SVG units (BAR_X is the bar's left edge). */
  readonly x: number;
  readonly width: number;
}

export interface Bar {
  /** What the bar is: "Votes", or a nominee's name. */
  readonly label: string;
  readonly status?: string;
  readonly segments: readonly Segment[];
  /** The FOR shares needed, and where that falls on the bar (SVG units). */
  readonly mark?: { readonly shares: number; readonly x: number };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The bars of one chart, on one scale: the longest of every bar's shares and every mark, so a threshold above
 * the votes cast still shows (at the end of the bar, the votes short of it). Lengths are proportional to shares.
 */
export function chartBars(
  items: readonly { label: string; status?: string; votes: Readonly<Record<string, number>>; mark?: number | null }[],
): Bar[] {
  const totalOf = (votes: Readonly<Record<string, number>>) =>
    SEGMENTS.reduce((sum, s) => sum + (votes[s.key] ?? 0), 0);
  const scale = Math.max(1, ...items.map((i) => Math.max(totalOf(i.votes), i.mark ?? 0)));
  const at = (shares: number) => round(BAR_X + (shares / scale) * BAR_LENGTH);
  return items.map((i) => {
    let acc = 0;
    const segments = SEGMENTS.filter((s) => (i.votes[s.key] ?? 0) > 0).map((s) => {
      const shares = i.votes[s.key]!;
      const x = at(acc);
      acc += shares;
      return { key: s.key, label: s.label, shares, color: s.color, x, width: round(at(acc) - x) };
    });
    return {
      label: i.label,
      ...(i.status ? { status: i.status } : {}),
      segments,
      ...(i.mark != null ? { mark: { shares: i.mark, x: at(i.mark) } } : {}),
    };
  });
}

/** "For 60 · Against 30 · Abstain 10 · Broker non-votes 0": the columns in words. */
function inWords(votes: Readonly<Record<string, number>>, always = ALWAYS): string[] {
  return SEGMENTS.filter((s) => s.key in votes && (always.has(s.key) || votes[s.key]! > 0)).map(
    (s) => `${s.label} ${fmt(votes[s.key]!)}`,
  );
}

/** The seats' cut of a plurality election: the FOR votes of the last seat filled, when there are more nominees than seats. */
export function pluralityCut(p: ProposalResult): number | null {
  const seats = p.seats ?? 0;
  const ranked = (p.nominees ?? []).map((n) => n.votes.for ?? 0).sort((a, b) => b - a);
  return ranked.length > seats && seats > 0 ? ranked[seats - 1]! : null;
}

const anchorFor = (x: number) => (x < BAR_X + 70 ? 'start' : x > BAR_X + BAR_LENGTH - 70 ? 'end' : 'middle');

function text(x: number, y: number, body: string, opts: { anchor?: string; bold?: boolean } = {}): string {
  const anchor = opts.anchor && opts.anchor !== 'start' ? ` text-anchor="${opts.anchor}"` : '';
  return `<text x="${x}" y="${y}"${anchor}${opts.bold ? ' font-weight="600"' : ''}>${esc(body)}</text>`;
}

/** Two lines of words at most per bar: the columns split in halves, so they fit the width at phone size. */
function wordLines(words: readonly string[]): string[] {
  if (words.length <= 2) return [words.join(' · ')];
  const half = Math.ceil(words.length / 2);
  return [words.slice(0, half).join(' · '), words.slice(half).join(' · ')];
}

interface ChartText {
  readonly id: string;
  readonly title: string;
  readonly desc: string;
  /** A line above the bars (the cut of an election). */
  readonly heading?: string;
  /** The mark's name under each bar ("Threshold 50"), or above the chart for a shared cut. */
  readonly markLabel?: (shares: number) => string;
  readonly sharedMark?: boolean;
}

const BAR_HEIGHT = 22;
const LINE = 16;

/** One chart: the bars, each with its words above, the mark through it, the mark's label below. */
function svgChart(bars: readonly Bar[], words: readonly string[][], t: ChartText): string {
  const parts: string[] = [];
  let y = 0;
  if (t.heading) {
    y += LINE;
    parts.push(text(BAR_X, y - 3, t.heading, { bold: true }));
  }
  const top = y + 4;
  bars.forEach((bar, i) => {
    const lines = [
      ...(bar.label || bar.status ? [[bar.label, bar.status].filter(Boolean).join(': ')] : []),
      ...wordLines(words[i] ?? []),
    ];
    for (const line of lines) {
      y += LINE;
      parts.push(text(BAR_X, y - 3, line));
    }
    y += 4;
    parts.push(
      `<rect class="track" x="${BAR_X}" y="${y}" width="${BAR_LENGTH}" height="${BAR_HEIGHT}" fill="#f4f5f7" stroke="#8b93a3"/>`,
    );
    for (const s of bar.segments)
      parts.push(
        `<rect class="segment" data-column="${s.key}" x="${s.x}" y="${y}" width="${s.width}" height="${BAR_HEIGHT}" ` +
          `fill="${s.color}" stroke="#fff" stroke-width="0.5"/>`,
      );
    if (bar.mark && !t.sharedMark) {
      const x = bar.mark.x;
      parts.push(
        `<line class="threshold" x1="${x}" x2="${x}" y1="${y - 5}" y2="${y + BAR_HEIGHT + 5}" stroke="#14171f" ` +
          'stroke-width="2.5" stroke-dasharray="4 2"/>',
      );
      y += BAR_HEIGHT + 5 + LINE;
      parts.push(text(x, y - 3, t.markLabel?.(bar.mark.shares) ?? '', { anchor: anchorFor(x), bold: true }));
    } else y += BAR_HEIGHT;
    y += 8;
  });
  const shared = t.sharedMark ? bars.find((b) => b.mark)?.mark : undefined;
  if (shared)
    parts.push(
      `<line class="threshold" x1="${shared.x}" x2="${shared.x}" y1="${top}" y2="${y}" stroke="#14171f" ` +
        'stroke-width="2.5" stroke-dasharray="4 2"/>',
    );
  const height = y + 4;
  return (
    `<svg role="img" aria-labelledby="${t.id}-title" aria-describedby="${t.id}-desc" viewBox="0 0 ${CHART_WIDTH} ${height}" ` +
    `width="100%" preserveAspectRatio="xMinYMin meet" font-size="12" font-family="system-ui,sans-serif" fill="#14171f" ` +
    `style="max-width:30rem;height:auto;display:block">` +
    `<title id="${t.id}-title">${esc(t.title)}</title><desc id="${t.id}-desc">${esc(t.desc)}</desc>` +
    `${parts.join('')}</svg>`
  );
}

const shortfall = (forShares: number, needed: number) =>
  forShares >= needed
    ? `FOR is ${fmt(forShares - needed)} shares above it`
    : `FOR is ${fmt(needed - forShares)} shares short of it`;

/** The chart of one proposal: a matter or frequency vote (one bar), or an election (one bar per nominee). */
export function proposalChart(p: ProposalResult): string {
  const id = `chart-${p.number}`;
  const subject = `Proposal ${p.number}, ${p.title}`;
  if (p.nominees) {
    const plurality = p.standard === 'plurality-of-votes-cast';
    const cut = plurality ? pluralityCut(p) : null;
    const bars = chartBars(
      p.nominees.map((n) => ({
        label: n.name,
        status: n.status,
        votes: n.votes,
        mark: plurality ? cut : n.threshold.shares,
      })),
    );
    const words = p.nominees.map((n) => inWords(n.votes, new Set(['for', 'withheld', 'against', 'abstain'])));
    const cutWords = plurality
      ? cut === null
        ? `There are no more nominees than the ${p.seats} seats, so there is no cut.`
        : `The cut for ${p.seats} seats is at ${fmt(cut)} FOR votes, the FOR votes of the last seat filled.`
      : 'Each nominee is marked at the FOR votes needed.';
    return svgChart(bars, words, {
      id,
      title: plurality
        ? `${subject}: each nominee's votes and the cut for ${p.seats} seats`
        : `${subject}: each nominee's votes against the threshold`,
      desc: `${cutWords} ${p.nominees.map((n) => `${n.name}: ${inWords(n.votes).join(', ')}; ${n.status}.`).join(' ')}`,
      ...(plurality && cut !== null ? { heading: `Cut for ${p.seats} seats: ${fmt(cut)} FOR`, sharedMark: true } : {}),
      markLabel: (s) => `Needed ${fmt(s)} FOR`,
    });
  }
  const votes = p.votes ?? {};
  const needed = p.threshold.shares;
  const bars = chartBars([{ label: '', votes, mark: needed }]);
  const words = inWords(votes);
  const desc =
    p.kind === 'frequency'
      ? `${words.join(', ')}. The frequency with the most votes is chosen: ${p.choice ?? 'none'}. Result: ${p.status}.`
      : `${words.join(', ')}. ` +
        (needed === null
          ? `No fixed threshold. Result: ${p.status}.`
          : `Threshold: ${fmt(needed)} shares FOR needed; ${shortfall(votes.for ?? 0, needed)}. Result: ${p.status}.`);
  return svgChart(bars, [words], {
    id,
    title: p.kind === 'frequency' ? `${subject}: votes for each frequency` : `${subject}: votes against the threshold`,
    desc,
    markLabel: (s) => `Threshold ${fmt(s)} FOR`,
  });
}

function votesTable(p: ProposalResult): string {
  const caption = `<caption>Proposal ${p.number}: shares</caption>`;
  if (p.nominees) {
    const columns = Object.keys(p.nominees[0]?.votes ?? {});
    const head = ['Nominee', ...columns.map((c) => LABELS[c] ?? c), 'Result']
      .map((h) => `<th scope="col">${esc(h)}</th>`)
      .join('');
    const rows = p.nominees
      .map(
        (n) =>
          `<tr><th scope="row">${esc(n.name)}</th>${columns.map((c) => `<td class="num">${fmt(n.votes[c] ?? 0)}</td>`).join('')}` +
          `<td>${esc(n.status)}</td></tr>`,
      )
      .join('');
    return (
      `<div class="scroll" role="region" aria-label="Proposal ${p.number}: shares by nominee" tabindex="0">` +
      `<table>${caption}<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`
    );
  }
  const rows = Object.entries(p.votes ?? {})
    .map(([c, v]) => `<tr><th scope="row">${esc(LABELS[c] ?? c)}</th><td class="num">${fmt(v)}</td></tr>`)
    .join('');
  const threshold =
    p.threshold.shares === null
      ? ''
      : `<tr><th scope="row">Threshold (FOR needed)</th><td class="num">${fmt(p.threshold.shares)}</td></tr>`;
  return `<table>${caption}<tbody>${rows}${threshold}</tbody></table>`;
}

const flagList = (flags: readonly { code: string; message: string }[]) =>
  flags.length
    ? `<ul class="flags">${flags.map((f) => `<li><strong>${esc(f.code)}</strong>: ${esc(f.message)}</li>`).join('')}</ul>`
    : '';

function proposalSection(p: ProposalResult): string {
  const outcome = p.choice ? `${p.status} (${p.choice})` : p.status;
  return (
    `<section id="p-${p.number}" aria-labelledby="p-${p.number}-h"><h3 id="p-${p.number}-h">Proposal ${p.number}: ${esc(p.title)}</h3>` +
    `<p>${esc(p.threshold.rule)}${p.routine ? ' (routine: brokers may vote uninstructed shares, NYSE Rule 452)' : ''}. ` +
    `Result: <strong>${esc(outcome)}</strong>.</p>` +
    `<figure>${proposalChart(p)}</figure>${votesTable(p)}${flagList(p.flags)}</section>`
  );
}

const legend =
  `<p class="legend" aria-hidden="true">` +
  SEGMENTS.filter((s) => s.key !== 'withheld')
    .map(
      (s) =>
        `<span><i style="background:${s.color}"></i>${s.key === 'against' ? 'Against / Withheld' : s.label}</span>`,
    )
    .join(' ') +
  '<span><i class="mark"></i>Threshold or cut</span></p>';

const CSS =
  '.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600;padding:.3rem 0}' +
  'figure{margin:1rem 0}.scroll{overflow-x:auto}table{font-size:.95rem}' +
  '.legend{font-size:.9rem}.legend span{display:inline-block;margin:0 .8rem .3rem 0}' +
  '.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-2px;border:1px solid #8b93a3}' +
  '.legend i.mark{width:0;border:0;border-left:3px dashed #14171f}' +
  '.preliminary{border:3px solid #b35c00;padding:.5rem 1rem}' +
  '@media print{body{max-width:none;font-size:12pt}section{break-inside:avoid}a{color:#000}.no-print{display:none}' +
  'svg,.legend i{print-color-adjust:exact;-webkit-print-color-adjust:exact}}';

/** Where the page's figures come from, in the issuer's time zone when given. */
function standing(t: Tabulation, polls?: PollsState): string {
  const asOf = t.asOf ? ` as of ${esc(t.asOf)}` : '';
  if (t.mode === 'preliminary')
    return (
      `<p class="preliminary" role="note"><strong>Preliminary</strong>: a running tally${asOf}, confidential during ` +
      `the solicitation. Votes can still arrive${polls ? ` until the polls close at ${esc(polls.label)}` : ''}; ` +
      'it is not the final result.</p>'
    );
  return `<p class="box" role="note"><strong>Final</strong>: counted after the polls closed${polls ? ` (${esc(polls.label)})` : ''}${asOf}.</p>`;
}

/** GET /meetings/{meetingId}/results/page: the whole page. */
export function resultsPage(t: Tabulation, opts: { polls?: PollsState } = {}): string {
  const q = t.quorum;
  const base = `/meetings/${encodeURIComponent(t.meetingId)}/results`;
  const mode = `?mode=${t.mode}`;
  const quorum =
    `<table><caption>Quorum</caption><tbody>` +
    `<tr><th scope="row">Shares outstanding on the record date (${esc(t.recordDate)})</th><td class="num">${fmt(t.sharesOutstanding)}</td></tr>` +
    `<tr><th scope="row">Quorum: ${esc(q.fraction)} of the shares outstanding</th><td class="num">${fmt(q.required)}</td></tr>` +
    `<tr><th scope="row">Shares present in person (virtually) or by proxy</th><td class="num">${fmt(q.present)}</td></tr>` +
    `<tr><th scope="row">of which registered (${fmt(q.registeredAccounts)} accounts)</th><td class="num">${fmt(q.registeredPresent)}</td></tr>` +
    `<tr><th scope="row">of which street name (nominee reports)</th><td class="num">${fmt(q.streetPresent)}</td></tr>` +
    `<tr><th scope="row">Quorum</th><td class="num"><strong>${q.met ? 'present' : 'not present'}</strong></td></tr>` +
    `</tbody></table>`;
  const summary =
    `<table><caption>Each proposal</caption><thead><tr><th scope="col">#</th><th scope="col">Proposal</th><th scope="col">Result</th></tr></thead><tbody>` +
    t.proposals
      .map(
        (p) =>
          `<tr><td>${p.number}</td><td><a href="#p-${p.number}">${esc(p.title)}</a></td>` +
          `<td><strong>${esc(p.choice ? `${p.status} (${p.choice})` : p.status)}</strong></td></tr>`,
      )
      .join('') +
    '</tbody></table>';
  const notes = t.flags.length ? `<h2>Notes</h2>${flagList(t.flags)}` : '';
  return page(
    `${t.issuer}: ${t.mode} results`,
    `<h1>${esc(t.issuer)}: ${t.mode} results of the meeting of ${esc(t.meetingDate)}</h1>${standing(t, opts.polls)}
<h2>Quorum</h2>${quorum}
<h2>Results</h2>${summary}
<h2>Each proposal: the votes against the threshold</h2>
<p class="note">Each chart is a bar of the shares voted, marked where the proposal passes (for an election, where ` +
      `the last seat is won). The table under each chart gives the same figures.</p>${legend}
${t.proposals.map(proposalSection).join('\n')}${notes}
<p class="no-print"><a href="${esc(base)}/certificate${mode}">The inspector's certificate (printable)</a> · ` +
      `<a href="${esc(base)}${mode}">These results as JSON, with the Form 8-K Item 5.07 text</a></p>`,
    CSS,
  );
}
