import type { NomineeReport, Position, Reconciliation, ReportLine, Tally } from './model.js';

/**
 * Reconciling street-name votes to the DTC security position report (docs/tabulation.md "Over-votes").
 * Pure, whole shares only.
 */

/**
 * Reduces whole numbers pro rata so they sum to `cap` exactly (when their sum exceeds it): the largest-
 * remainder method. Each value becomes floor(value × cap / total); the shares still short of `cap` (fewer
 * than the number of values) go one each to the values with the largest remainders (value × cap mod total),
 * equal remainders to the earlier value in the given order. So the result is whole, never more than the cap
 * nor than any value's own figure, and the same input always gives the same output. BigInt: exact.
 */
export function reduceProRata(values: readonly number[], cap: number): number[] {
  const total = values.reduce((s, v) => s + BigInt(v), 0n);
  const c = BigInt(cap);
  if (total <= c) return [...values];
  const parts = values.map((v, i) => ({ i, q: (BigInt(v) * c) / total, r: (BigInt(v) * c) % total }));
  let short = c - parts.reduce((s, p) => s + p.q, 0n);
  const order = [...parts].sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const out = parts.map((p) => p.q);
  for (const p of order) {
    if (short === 0n) break;
    out[p.i]! += 1n;
    short -= 1n;
  }
  return out.map(Number);
}

/** The columns of a report line, in the fixed order the reduction uses to break equal remainders. */
const LINE_COLUMNS = [
  ['for', (l: ReportLine) => l.votes.for],
  ['against', (l: ReportLine) => l.votes.against],
  ['withheld', (l: ReportLine) => l.votes.withheld],
  ['abstain', (l: ReportLine) => l.votes.abstain],
  ['oneYear', (l: ReportLine) => l.votes.oneYear],
  ['twoYears', (l: ReportLine) => l.votes.twoYears],
  ['threeYears', (l: ReportLine) => l.votes.threeYears],
  ['brokerNonVotes', (l: ReportLine) => l.votes.brokerNonVotes],
  ['discretionaryFor', (l: ReportLine) => l.discretionary.for],
  ['discretionaryAgainst', (l: ReportLine) => l.discretionary.against],
  ['discretionaryAbstain', (l: ReportLine) => l.discretionary.abstain],
] as const;

/** The shares a report line represents: every vote, abstention, broker non-vote and discretionary vote on it. */
export const lineTotal = (l: ReportLine): number => LINE_COLUMNS.reduce((s, [, get]) => s + get(l), 0);

const fmt = (n: number) => n.toLocaleString('en-US');

const nonZero = (names: readonly string[], values: readonly number[]): Record<string, number> =>
  Object.fromEntries(names.map((n, i) => [n, values[i]!] as const).filter(([, v]) => v !== 0));

export interface ReconciledReport {
  readonly report: NomineeReport;
  /** The lines as counted (each at most the position). */
  readonly lines: readonly ReportLine[];
  readonly reconciliations: readonly Reconciliation[];
  /** Shares this nominee represents at the meeting: its largest counted line (DGCL §216: present by proxy). */
  readonly present: number;
  /** Whether the participant is in the position report (undefined: no position report was given). */
  readonly inPositions?: boolean;
}

/**
 * Reconciles one nominee's report to its record-date position. DGCL §231(d): the inspector may use the
 * position report only to reconcile over-votes by banks and brokers, and itemises each in the certificate.
 * Each line (a proposal, or a director) whose total exceeds the position is reduced pro rata to the position
 * (reduceProRata). A participant missing from the position report has a position of 0 here: its votes are
 * not counted, and each line is itemised. With no position report at all (`positions` undefined, e.g. a
 * preliminary tally), lines count as reported, unreconciled (the tally flags it).
 */
export function reconcileReport(
  report: NomineeReport,
  positions: ReadonlyMap<string, Position> | undefined,
): ReconciledReport {
  if (!positions) {
    const present = Math.max(0, ...report.lines.map(lineTotal));
    return { report, lines: report.lines, reconciliations: [], present };
  }
  const position = positions.get(report.participant);
  const cap = position?.shares ?? 0;
  const reconciliations: Reconciliation[] = [];
  const lines = report.lines.map((l) => {
    const reported = LINE_COLUMNS.map(([, get]) => get(l));
    const total = reported.reduce((s, v) => s + v, 0);
    if (total <= cap) return l;
    const counted = reduceProRata(reported, cap);
    const names = LINE_COLUMNS.map(([n]) => n);
    reconciliations.push({
      participant: report.participant,
      ...(report.nomineeName ? { nomineeName: report.nomineeName } : {}),
      proposal: l.proposal,
      ...(l.director ? { director: l.director } : {}),
      position: cap,
      reportedTotal: total,
      countedTotal: cap,
      reported: nonZero(names, reported),
      counted: nonZero(names, counted),
      reason: position
        ? `over-vote: ${fmt(total)} shares reported against a record-date position of ${fmt(cap)}; reduced pro rata to the position (DGCL §231(d))`
        : `participant ${report.participant} is not in the DTC security position report: no shares counted (DGCL §231(d))`,
    });
    const at = (name: (typeof LINE_COLUMNS)[number][0]) => counted[names.indexOf(name)]!;
    const votes: Tally = {
      for: at('for'),
      against: at('against'),
      withheld: at('withheld'),
      abstain: at('abstain'),
      oneYear: at('oneYear'),
      twoYears: at('twoYears'),
      threeYears: at('threeYears'),
      brokerNonVotes: at('brokerNonVotes'),
      presentNotVoting: 0,
    };
    return {
      ...l,
      votes,
      discretionary: {
        for: at('discretionaryFor'),
        against: at('discretionaryAgainst'),
        abstain: at('discretionaryAbstain'),
      },
    };
  });
  const present = Math.max(0, ...lines.map(lineTotal));
  return { report, lines, reconciliations, present, inPositions: position !== undefined };
}
