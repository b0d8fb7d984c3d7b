import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MeetingFileSchema, type MeetingFile, type MeetingFileInput } from '../../shared/domain/meetings/schema.js';
import type { MarkedBallot } from '../../shared/domain/voting/ballot.js';
import type { SourceRecord } from '../../shared/domain/holders/model.js';
import {
  ZERO_DISCRETIONARY,
  ZERO_TALLY,
  type NomineeReport,
  type Position,
  type RegisteredVote,
  type ReportLine,
} from '../../shared/domain/tabulation/model.js';
import {
  countRegistered,
  RegisteredCount,
  tabulate,
  type TabulationInput,
} from '../../shared/domain/tabulation/count.js';
import { reduceProRata } from '../../shared/domain/tabulation/reconcile.js';
import {
  assembleNomineeReports,
  assemblePositions,
  latestReports,
  parseNomineeReportRow,
  parsePositionRow,
  type NomineeReportRow,
} from '../../shared/domain/tabulation/reports.js';
import { canonicalJson } from '../../shared/domain/canonical.js';
import { form8kItem507 } from '../../shared/domain/tabulation/form-8k.js';
import { certificateOf, renderCertificateHtml } from '../../shared/domain/tabulation/certificate.js';

const raw = () =>
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as MeetingFileInput;
const load = (input: unknown): MeetingFile => MeetingFileSchema.parse(input);
const sonim = load(raw());

/** The seed with a proposal changed (for standards and broker rules the seed does not combine). */
function variant(number: number, change: Record<string, unknown>, extra: Record<string, unknown> = {}): MeetingFile {
  const file = raw();
  return load({
    ...file,
    ...extra,
    proposals: file.proposals.map((p) => (p.number === number ? { ...p, ...change } : p)),
  });
}

const vote = (account: string, shares: number, ballot: MarkedBallot | null): RegisteredVote => ({
  account,
  shares,
  ballot,
});

function line(proposal: number, votes: Partial<typeof ZERO_TALLY>, extra: Partial<ReportLine> = {}): ReportLine {
  return { proposal, votes: { ...ZERO_TALLY, ...votes }, discretionary: ZERO_DISCRETIONARY, ...extra };
}

const report = (participant: string, lines: ReportLine[], receivedAt = '2024-06-18T12:00:00Z'): NomineeReport => ({
  participant,
  receivedAt,
  lines,
});

function run(
  meeting: MeetingFile,
  votes: RegisteredVote[],
  more: Partial<Omit<TabulationInput, 'meeting' | 'registered'>> = {},
) {
  // Preliminary unless said: most cases use a few shares, far below the quorum, and a final tally without one decides nothing.
  return tabulate({ meeting, mode: 'preliminary', registered: countRegistered(meeting, votes), reports: [], ...more });
}

const proposal = (t: ReturnType<typeof tabulate>, n: number) => t.proposals.find((p) => p.number === n)!;

describe('quorum (DGCL §216; the seed: one third of 46,717,887)', () => {
  it('needs 15,572,629 shares; abstentions, a proxy voting on nothing and broker non-votes count as present', () => {
    // 46,717,887 / 3 = 15,572,629 exactly (15,572,629 × 3 = 45,000,000 + 1,717,887 = 46,717,887).
    // Present: A 10,000,000 (abstains on proposal 2 only), B 5,000,000 (a returned proxy marking nothing),
    // nominee 0352: on proposal 2 a discretionary FOR of 572,629 (routine), on proposal 3 572,629 broker non-votes.
    // The nominee represents its largest line, 572,629. 10,000,000 + 5,000,000 + 572,629 = 15,572,629 = quorum.
    const votes = [vote('A', 10_000_000, { '2': 'ABSTAIN' }), vote('B', 5_000_000, null)];
    const nominee = (shares: number) =>
      report('0352', [
        line(2, {}, { discretionary: { ...ZERO_DISCRETIONARY, for: shares } }),
        line(3, { brokerNonVotes: shares }),
      ]);
    const positions: Position[] = [{ participant: '0352', shares: 1_000_000 }];
    const at = run(sonim, votes, { mode: 'final', reports: [nominee(572_629)], positions });
    expect(at.quorum).toMatchObject({ required: 15_572_629, present: 15_572_629, streetPresent: 572_629, met: true });
    expect(at.quorum.registeredPresent).toBe(15_000_000);
    // One share fewer from the nominee: 15,572,628 < 15,572,629, no quorum; in a final tally nothing is acted on.
    const under = run(sonim, votes, { mode: 'final', reports: [nominee(572_628)], positions });
    expect(under.quorum).toMatchObject({ present: 15_572_628, met: false });
    expect(under.flags.map((f) => f.code)).toContain('NO_QUORUM');
    expect(under.proposals.every((p) => p.status === 'NO QUORUM')).toBe(true);
    // A preliminary tally shows the standing but keeps the flag.
    const prelim = run(sonim, votes, { mode: 'preliminary', reports: [nominee(572_628)], positions });
    expect(proposal(prelim, 2).status).toBe('FAILED');
    expect(prelim.flags.map((f) => f.code)).toContain('NO_QUORUM');
  });
});

describe('two thirds of the outstanding shares (the seed’s proposal 6)', () => {
  // 2 × 46,717,887 = 93,435,774; 93,435,774 / 3 = 31,145,258 exactly (31,145,258 × 3 = 93,000,000 + 435,774).
  // FOR passes when FOR × 3 ≥ 93,435,774; abstentions and broker non-votes count against in effect.
  it('passes at exactly 31,145,258 FOR and fails one share under', () => {
    const at = run(sonim, [vote('A', 31_145_258, { '6': 'FOR' }), vote('B', 1_000, { '6': 'AGAINST' })]);
    expect(proposal(at, 6).threshold.shares).toBe(31_145_258);
    expect(proposal(at, 6).status).toBe('PASSED');
    const under = run(sonim, [vote('A', 31_145_257, { '6': 'FOR' }), vote('B', 1_000, { '6': 'AGAINST' })]);
    expect(proposal(under, 6).status).toBe('FAILED');
  });

  it('a majority of the outstanding: more than half of 46,717,887, i.e. 23,358,944 (23,358,943.5 rounded up)', () => {
    const m = variant(6, { voteStandard: 'majority-of-outstanding' });
    // 23,358,944 × 2 = 46,717,888 > 46,717,887: passes; 23,358,943 × 2 = 46,717,886: fails.
    expect(proposal(run(m, [vote('A', 23_358_944, { '6': 'FOR' })]), 6)).toMatchObject({
      status: 'PASSED',
      threshold: { shares: 23_358_944 },
    });
    expect(proposal(run(m, [vote('A', 23_358_943, { '6': 'FOR' })]), 6).status).toBe('FAILED');
  });
});

describe('majority of votes cast (the seed’s proposals 4 and 5)', () => {
  it('FOR must exceed AGAINST: 1,000,001 to 1,000,000 passes, a tie fails; abstentions have no effect', () => {
    const at = run(sonim, [
      vote('A', 1_000_001, { '4': 'FOR' }),
      vote('B', 1_000_000, { '4': 'AGAINST' }),
      vote('C', 5_000_000, { '4': 'ABSTAIN' }),
    ]);
    // Threshold: AGAINST + 1 = 1,000,001 FOR; 5,000,000 abstentions are not votes cast.
    expect(proposal(at, 4)).toMatchObject({
      status: 'PASSED',
      threshold: { shares: 1_000_001 },
      votes: { for: 1_000_001, against: 1_000_000, abstain: 5_000_000 },
    });
    const tie = run(sonim, [vote('A', 1_000_000, { '4': 'FOR' }), vote('B', 1_000_000, { '4': 'AGAINST' })]);
    expect(proposal(tie, 4).status).toBe('FAILED');
  });

  it('broker non-votes do not change a votes-cast result', () => {
    // Proposal 5 made non-routine (so broker non-votes can exist): FOR 600, AGAINST 500 passes (600 > 500,
    // threshold 501). A nominee adds 10,000 broker non-votes: still FOR 600 > AGAINST 500, threshold 501.
    const m = variant(5, { brokerDiscretionary: false, brokerNonVoteEffect: 'no-effect' });
    const votes = [vote('A', 600, { '5': 'FOR' }), vote('B', 500, { '5': 'AGAINST' })];
    const without = proposal(run(m, votes), 5);
    const withBnv = proposal(run(m, votes, { reports: [report('0005', [line(5, { brokerNonVotes: 10_000 })])] }), 5);
    expect(without).toMatchObject({ status: 'PASSED', threshold: { shares: 501 } });
    expect(withBnv).toMatchObject({ status: 'PASSED', threshold: { shares: 501 }, votes: { brokerNonVotes: 10_000 } });
  });
});

describe('majority of the voting power present and entitled (the seed’s proposals 2 and 3)', () => {
  it('abstentions decide: FOR 500, AGAINST 400, ABSTAIN 100 fails; without the abstention it passes', () => {
    // Present and entitled = 500 + 400 + 100 = 1,000; FOR must exceed 500, threshold 501: 500 fails.
    const votes = [
      vote('A', 500, { '3': 'FOR' }),
      vote('B', 400, { '3': 'AGAINST' }),
      vote('C', 100, { '3': 'ABSTAIN' }),
    ];
    expect(proposal(run(sonim, votes), 3)).toMatchObject({ status: 'FAILED', threshold: { shares: 501 } });
    // Without C: entitled 900, threshold ⌊900 / 2⌋ + 1 = 451; 500 passes.
    expect(proposal(run(sonim, votes.slice(0, 2)), 3)).toMatchObject({ status: 'PASSED', threshold: { shares: 451 } });
    // Exactly at the threshold: FOR 501, AGAINST 399, ABSTAIN 100 → entitled 1,000, 501 × 2 = 1,002 > 1,000.
    const exact = [
      vote('A', 501, { '3': 'FOR' }),
      vote('B', 399, { '3': 'AGAINST' }),
      vote('C', 100, { '3': 'ABSTAIN' }),
    ];
    expect(proposal(run(sonim, exact), 3).status).toBe('PASSED');
  });

  it('broker non-votes are not present and entitled; a registered proxy silent on the proposal is', () => {
    // FOR 500, AGAINST 400 and 5,000 broker non-votes: entitled stays 900 (threshold 451): passes.
    const votes = [vote('A', 500, { '3': 'FOR' }), vote('B', 400, { '3': 'AGAINST' })];
    const bnv = run(sonim, votes, { reports: [report('0005', [line(3, { brokerNonVotes: 5_000 })])] });
    expect(proposal(bnv, 3)).toMatchObject({ status: 'PASSED', threshold: { shares: 451 } });
    // D (200 shares) returned a proxy marking only proposal 4: present, entitled on 3, no vote there.
    // Entitled 900 + 200 = 1,100; threshold 551; FOR 500 fails.
    const silent = run(sonim, [...votes, vote('D', 200, { '4': 'FOR' })]);
    expect(proposal(silent, 3)).toMatchObject({
      status: 'FAILED',
      threshold: { shares: 551 },
      votes: { presentNotVoting: 200 },
    });
  });
});

describe('over-votes reconciled to the DTC position (DGCL §231(d))', () => {
  it('reduces a nominee’s 1,300 votes to its 1,000 position pro rata, largest remainder first, and itemises it', () => {
    // FOR 900, AGAINST 300, ABSTAIN 100 = 1,300 against a position of 1,000:
    //   FOR 900 × 1,000 / 1,300 = 692 rem 400; AGAINST 300,000 / 1,300 = 230 rem 1,000; ABSTAIN 100,000 / 1,300 = 76 rem 1,200.
    //   Floors sum to 998; the 2 shares short go to the largest remainders: ABSTAIN (1,200), then AGAINST (1,000).
    //   Counted: FOR 692, AGAINST 231, ABSTAIN 77 = 1,000.
    const t = run(sonim, [], {
      reports: [{ ...report('0005', [line(2, { for: 900, against: 300, abstain: 100 })]), nomineeName: 'Broker & Co' }],
      positions: [{ participant: '0005', shares: 1_000 }],
    });
    expect(proposal(t, 2).votes).toMatchObject({ for: 692, against: 231, abstain: 77 });
    expect(t.reconciliations).toHaveLength(1);
    expect(t.reconciliations[0]).toMatchObject({
      participant: '0005',
      nomineeName: 'Broker & Co',
      proposal: 2,
      position: 1_000,
      reportedTotal: 1_300,
      countedTotal: 1_000,
      reported: { for: 900, against: 300, abstain: 100 },
      counted: { for: 692, against: 231, abstain: 77 },
    });
    expect(t.quorum.streetPresent).toBe(1_000);
  });

  it('equal remainders go to the earlier column; the result never exceeds the cap nor any value', () => {
    // 1, 1, 1 to 2: each 2/3 → 0 rem 2; 2 short: the first two get one each.
    expect(reduceProRata([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(reduceProRata([5, 0, 3], 10)).toEqual([5, 0, 3]);
    // 7 to 0: nothing counts.
    expect(reduceProRata([4, 3], 0)).toEqual([0, 0]);
  });

  it('a nominee not in the position report is flagged and none of its votes count', () => {
    const t = run(sonim, [], {
      reports: [report('0999', [line(2, { for: 50 })])],
      positions: [{ participant: '0005', shares: 1_000 }],
    });
    expect(t.flags.map((f) => f.code)).toContain('NO_POSITION');
    expect(proposal(t, 2).votes).toMatchObject({ for: 0 });
    expect(t.reconciliations[0]).toMatchObject({
      participant: '0999',
      position: 0,
      reportedTotal: 50,
      countedTotal: 0,
    });
  });

  it('with no position report at all, votes count as reported and the tally says so', () => {
    const t = run(sonim, [], { reports: [report('0005', [line(2, { for: 50 })])] });
    expect(proposal(t, 2).votes).toMatchObject({ for: 50 });
    // 50 shares present: no quorum either (a preliminary tally still shows the standing).
    expect(t.flags.map((f) => f.code)).toEqual(['NO_QUORUM', 'POSITIONS_MISSING']);
  });
});

describe('NYSE Rule 452', () => {
  it('uninstructed votes count on a routine proposal and are broker non-votes on a non-routine one', () => {
    const discretionary = { ...ZERO_DISCRETIONARY, for: 300 };
    const t = run(sonim, [], {
      reports: [report('0005', [line(2, { for: 10 }, { discretionary }), line(3, { for: 10 }, { discretionary })])],
    });
    // Proposal 2 (routine): FOR 10 + 300 = 310. Proposal 3 (not routine): FOR 10, broker non-votes 300.
    expect(proposal(t, 2).votes).toMatchObject({ for: 310, brokerNonVotes: 0 });
    expect(proposal(t, 3).votes).toMatchObject({ for: 10, brokerNonVotes: 300 });
    expect(proposal(t, 3).flags.map((f) => f.code)).toEqual(['NYSE_452']);
  });
});

describe('plurality (the seed’s proposal 1) and the resignation flag', () => {
  const contested = () =>
    variant(1, {
      seats: 5,
      nominees: [
        'James Cassano',
        'Peter Liu',
        'Mike Mulica',
        'Jack Steenstra',
        'Jeffrey Wang',
        { name: 'Dana Dissident', party: 'Ancora' },
      ],
    });
  const forOne = (name: string, shares: number) => vote(name, shares, { '1': { [name]: 'FOR' } });

  it('a tie at the last seat is flagged and not broken', () => {
    // FOR: Cassano 100, Liu 90, Mulica 80, Steenstra 70, Wang 60, Dissident 60; five seats.
    // The 5th and 6th both have 60: Wang and Dissident TIED, the four above ELECTED.
    const m = contested();
    const base = [
      forOne('James Cassano', 100),
      forOne('Peter Liu', 90),
      forOne('Mike Mulica', 80),
      forOne('Jack Steenstra', 70),
      forOne('Jeffrey Wang', 60),
    ];
    const t = proposal(run(m, [...base, forOne('Dana Dissident', 60)]), 1);
    expect(t.status).toBe('TIED');
    expect(t.flags.map((f) => f.code)).toEqual(['TIE_AT_CUT']);
    expect(Object.fromEntries(t.nominees!.map((n) => [n.name, n.status]))).toEqual({
      'James Cassano': 'ELECTED',
      'Peter Liu': 'ELECTED',
      'Mike Mulica': 'ELECTED',
      'Jack Steenstra': 'ELECTED',
      'Jeffrey Wang': 'TIED',
      'Dana Dissident': 'TIED',
    });
    // One share fewer for the dissident: 59 < 60, Wang takes the fifth seat.
    const after = proposal(run(m, [...base, forOne('Dana Dissident', 59)]), 1);
    expect(after.status).toBe('ELECTED');
    expect(after.elected).toEqual(['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang']);
  });

  it('WITHHOLD above FOR still elects under plurality but raises the resignation flag', () => {
    // Wang: FOR 100, WITHHOLD 101 (from a nominee's director line): elected (uncontested), flagged.
    const ballot = {
      '1': {
        'James Cassano': 'FOR',
        'Peter Liu': 'FOR',
        'Mike Mulica': 'FOR',
        'Jack Steenstra': 'FOR',
        'Jeffrey Wang': 'FOR',
      },
    } as const;
    const t = run(sonim, [vote('A', 100, ballot)], {
      reports: [report('0005', [line(1, { withheld: 101 }, { director: 'Jeffrey Wang' })])],
    });
    const wang = proposal(t, 1).nominees!.find((n) => n.name === 'Jeffrey Wang')!;
    expect(wang).toMatchObject({ status: 'ELECTED', votes: { for: 100, withheld: 101 } });
    expect(wang.flags.map((f) => f.code)).toEqual(['MAJORITY_WITHHELD']);
    expect(proposal(t, 1).nominees!.find((n) => n.name === 'Peter Liu')!.flags).toEqual([]);
  });
});

describe('frequency', () => {
  it('the choice with the most votes; a tie at the top is flagged', () => {
    const file = raw();
    const frequency = {
      ...file.proposals[1]!,
      number: 7,
      title: 'Frequency of the say-on-pay vote',
      kind: 'frequency' as const,
      boardRecommendation: '1 YEAR' as const,
      brokerDiscretionary: false,
      brokerNonVoteEffect: 'no-effect' as const,
      choices: ['1 YEAR', '2 YEARS', '3 YEARS', 'ABSTAIN'] as const,
    };
    const m = load({ ...file, proposals: [...file.proposals, frequency] });
    const one = run(m, [vote('A', 300, { '7': '1 YEAR' }), vote('B', 200, { '7': '3 YEARS' })]);
    expect(proposal(one, 7)).toMatchObject({ status: 'CHOSEN', choice: '1 YEAR' });
    const tie = run(m, [vote('A', 300, { '7': '1 YEAR' }), vote('B', 300, { '7': '3 YEARS' })]);
    expect(proposal(tie, 7)).toMatchObject({ status: 'TIED', choice: null });
  });
});

describe('nominee reports and positions from CSV rows', () => {
  const row = (lineNo: number, fields: Record<string, string>): SourceRecord => ({ kind: 'row', line: lineNo, fields });

  it('checks each row against the meeting and rejects with line, field and reason', () => {
    const ok = parseNomineeReportRow(
      sonim,
      row(2, { dtc_participant: '352', proposal: '2', for: '1,000', against: '' }),
    );
    expect(ok).toMatchObject({ ok: true, row: { participant: '0352', proposal: 2, votes: { for: 1000, against: 0 } } });
    const bad = (fields: Record<string, string>) => parseNomineeReportRow(sonim, row(7, fields));
    expect(bad({ dtc_participant: '352', proposal: '9', for: '1' })).toEqual({
      ok: false,
      rejections: [{ line: 7, field: 'proposal', message: 'this meeting has no proposal "9"' }],
    });
    expect(bad({ dtc_participant: '352', proposal: '1', for: '1' })).toMatchObject({
      ok: false,
      rejections: [{ line: 7, field: 'director' }],
    });
    expect(bad({ dtc_participant: '352', proposal: '2', withhold: '5' })).toMatchObject({
      ok: false,
      rejections: [{ line: 7, field: 'withhold' }],
    });
    expect(bad({ dtc_participant: 'x', proposal: '2', for: '1.5', reported_at: 'yesterday' })).toMatchObject({
      ok: false,
      rejections: [
        { line: 7, field: 'dtc_participant' },
        { line: 7, field: 'for' },
        { line: 7, field: 'reported_at' },
      ],
    });
    expect(parseNomineeReportRow(sonim, { kind: 'malformed', line: 9, message: 'unreadable CSV' })).toEqual({
      ok: false,
      rejections: [{ line: 9, field: '(row)', message: 'unreadable CSV' }],
    });
  });

  it('groups rows into reports, rejects a repeated line, and the latest report of a nominee replaces earlier ones', () => {
    const rows: { line: number; row: NomineeReportRow }[] = [];
    for (const [n, fields] of [
      [2, { dtc_participant: '5', proposal: '2', for: '10' }],
      [3, { dtc_participant: '5', proposal: '2', for: '11' }],
      [4, { dtc_participant: '5', proposal: '1', director: 'Peter Liu', for: '3' }],
    ] as const) {
      const r = parseNomineeReportRow(sonim, row(n, fields));
      if (r.ok) rows.push({ line: r.line, row: r.row });
    }
    const { reports, rejections } = assembleNomineeReports(rows, '2024-06-18T10:00:00Z');
    expect(rejections).toEqual([
      { line: 3, field: 'proposal', message: 'duplicate: participant 0005 already reported proposal 2 on line 2' },
    ]);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.lines.map((l) => [l.proposal, l.director])).toEqual([
      [1, 'Peter Liu'],
      [2, undefined],
    ]);
    const first = report('0005', [line(2, { for: 10 })], '2024-06-18T10:00:00Z');
    const resent = report('0005', [line(2, { for: 20 })], '2024-06-19T10:00:00Z');
    const other = report('0001', [line(2, { for: 1 })], '2024-06-17T10:00:00Z');
    // The later instant wins whatever the input order; reports come out by participant.
    expect(latestReports([resent, other, first])).toEqual([other, resent]);
    expect(latestReports([first, resent, other])).toEqual([other, resent]);
  });

  it('position rows: shares 0 or more, a participant once', () => {
    expect(parsePositionRow(row(2, { dtc_participant: '0352', participant_name: 'X', shares: '1,500' }))).toEqual({
      ok: true,
      line: 2,
      row: { participant: '0352', participantName: 'X', shares: 1500 },
    });
    expect(parsePositionRow(row(3, { dtc_participant: '0352', shares: '' }))).toMatchObject({
      ok: false,
      rejections: [{ line: 3, field: 'shares' }],
    });
    const { positions, rejections } = assemblePositions([
      { line: 2, row: { participant: '0352', shares: 1 } },
      { line: 3, row: { participant: '0352', shares: 2 } },
    ]);
    expect(positions).toEqual([{ participant: '0352', shares: 1 }]);
    expect(rejections).toEqual([
      { line: 3, field: 'dtc_participant', message: 'duplicate participant 0352: already on line 2' },
    ]);
  });
});

describe('determinism, the 8-K text and the certificate', () => {
  const votes = [
    vote('A', 20_000_000, {
      '1': {
        'James Cassano': 'FOR',
        'Peter Liu': 'FOR',
        'Mike Mulica': 'FOR',
        'Jack Steenstra': 'FOR',
        'Jeffrey Wang': 'FOR',
      },
      '2': 'FOR',
      '3': 'FOR',
      '4': 'FOR',
      '5': 'AGAINST',
      '6': 'FOR',
    }),
    vote('B', 1_000, null),
  ];
  const reports = [
    report('0005', [line(2, { for: 900, against: 300, abstain: 100 })], '2024-06-18T10:00:00Z'),
    report('0001', [line(3, { brokerNonVotes: 400 })], '2024-06-18T09:00:00Z'),
  ];
  const positions = [
    { participant: '0005', shares: 1_000 },
    { participant: '0001', shares: 500 },
  ];

  it('the same inputs in another order give the same bytes', () => {
    const a = canonicalJson(run(sonim, votes, { mode: 'final', reports, positions, asOf: '2024-06-20T16:00:00Z' }));
    const count = new RegisteredCount(sonim);
    for (const v of [...votes].reverse()) count.add(v);
    const b = canonicalJson(
      tabulate({
        meeting: sonim,
        mode: 'final',
        registered: count.totals(),
        reports: [...reports].reverse(),
        positions: [...positions].reverse(),
        asOf: '2024-06-20T16:00:00Z',
      }),
    );
    expect(b).toBe(a);
    // Keys are sorted: the top level starts with asOf, flags, issuer.
    expect(Object.keys(JSON.parse(a) as object).slice(0, 3)).toEqual(['asOf', 'flags', 'issuer']);
  });

  it('the 8-K Item 5.07 text and its due date, four business days after Thursday 2024-06-20', () => {
    // Day one is the day after: Fri 06-21 (1), [Sat, Sun], Mon 06-24 (2), Tue 06-25 (3), Wed 06-26 (4).
    const t = run(sonim, votes, { mode: 'final', reports, positions });
    const k = form8kItem507(t, sonim);
    expect(k.dueDate).toBe('2024-06-26');
    expect(k.text).toContain('Item 5.07. Submission of Matters to a Vote of Security Holders.');
    expect(k.text).toContain('On June 20, 2024, Sonim Technologies, Inc. (the "Company") held its 2024 annual meeting');
    // Present: 20,000,000 + 1,000 registered + 1,000 (0005, reconciled) + 400 (0001) = 20,002,400.
    expect(k.text).toContain('46,717,887 shares of common stock were outstanding');
    expect(k.text).toContain('20,002,400 shares were present virtually or by proxy, constituting a quorum.');
    // Proposal 2: FOR 20,000,000 + 692 = 20,000,692; AGAINST 231; ABSTAIN 77 (the reconciliation above).
    expect(k.text).toMatch(/Votes\s+20,000,692\s+231\s+77\s+0/);
    expect(k.text).toContain('James Cassano, Peter Liu, Mike Mulica, Jack Steenstra and Jeffrey Wang were elected.');
    // Proposal 5: FOR 0, AGAINST 20,000,000: not approved.
    expect(k.text).toMatch(
      /Proposal 5: [^\n]+\n\n[^\n]+\nVotes\s+0\s+20,000,000\s+0\s+0\n\nThe proposal was not approved\./,
    );
  });

  it('the certificate lists the facts, the reconciliation and every proxy that did not count, escaped', () => {
    const t = run(sonim, votes, { mode: 'final', reports, positions });
    const cert = certificateOf(t, sonim, [
      { account: 'Z', kind: 'mail', receivedAt: '2024-06-21T10:00:00Z', reason: 'late <after the polls closed>' },
      { account: 'C', shares: 10, kind: 'mail', receivedAt: '2024-06-10T10:00:00Z', reason: 'unsigned' },
    ]);
    expect(cert.notCounted.map((n) => n.account)).toEqual(['C', 'Z']);
    const html = renderCertificateHtml(cert);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Record date: 2024-05-30.');
    expect(html).toContain('<td class="num">46,717,887</td>');
    expect(html).toContain('<td class="num">15,572,629</td>');
    expect(html).toContain('late &lt;after the polls closed&gt;');
    expect(html).not.toContain('<after');
    expect(html).toContain('over-vote: 1,300 shares reported against a record-date position of 1,000');
    expect(html).toContain('@media print');
  });
});
