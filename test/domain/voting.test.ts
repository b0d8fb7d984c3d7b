import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MeetingFileSchema, type MeetingFile, type MeetingFileInput } from '../../shared/domain/meetings/schema.js';
import { InvalidInputError, NotAcceptedError } from '../../shared/domain/errors.js';
import { Temporal } from '../../shared/domain/calendar/dates.js';
import { ballotFor, checkBallot } from '../../shared/domain/voting/ballot.js';
import { readCard } from '../../shared/domain/voting/cards.js';
import { checkCutoff, cutoffFor, votingWarnings } from '../../shared/domain/voting/cutoffs.js';
import { countingProxy, type Submission } from '../../shared/domain/voting/history.js';
import { rehearsalMeeting } from '../../cli/platform.js';
import { isIsoDate, parseDate } from '../../shared/domain/calendar/dates.js';
import { parseVoteRow } from '../../shared/domain/voting/vote-file.js';

const raw = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8')) as MeetingFileInput;
const load = (input: unknown): MeetingFile => MeetingFileSchema.parse(input);
const sonim = load(raw('sonim-2024'));
const TZ = 'America/Los_Angeles';

/** The seed, contested: a dissident ("Ancora") adds Dana Dissident for the same five seats (Rule 14a-19). */
function contested(): MeetingFile {
  const file = raw('sonim-2024');
  const proposals = file.proposals.map((p) =>
    p.number === 1
      ? {
          ...p,
          seats: 5,
          // Listed out of order on purpose: the ballot sorts by last name within each party.
          nominees: [
            'Jeffrey Wang',
            'Peter Liu',
            { name: 'Dana Dissident', party: 'Ancora' },
            'James Cassano',
            'Mike Mulica',
            { name: 'Jack Steenstra' },
          ],
        }
      : p,
  );
  const voting = {
    ...file.voting!,
    partyCards: [
      {
        party: 'Ancora',
        recommendations: {
          '1': ['Dana Dissident', 'James Cassano', 'Peter Liu', 'Mike Mulica', 'Jeffrey Wang'],
          '3': 'AGAINST' as const,
        },
      },
    ],
  };
  return load({ ...file, proposals, voting });
}

/** Field issues of a refused call. */
function refusal(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return [...(e as InvalidInputError).issues];
  }
  throw new Error('expected a refusal');
}

const instant = (s: string) => Temporal.Instant.from(s);

describe('the meeting file: proposal kinds, seats, parties and the voting section', () => {
  it('loads both examples (plain-string nominees stay valid) with the seed’s cut-offs', () => {
    expect(sonim.voting?.cutoffs).toEqual({ internet: '2024-06-19T23:59', phone: '2024-06-19T23:59' });
    expect(sonim.voting?.cardPrintedCutoff).toBe('2024-06-20T09:00');
    expect(sonim.proposals[0]!.nominees).toEqual([
      'James Cassano',
      'Peter Liu',
      'Mike Mulica',
      'Jack Steenstra',
      'Jeffrey Wang',
    ]);
    expect(() => load(raw('rehearsal-2025'))).not.toThrow();
  });

  it('a nominee object without a party is the board’s; a re-parsed file is unchanged (stored meetings are re-read)', () => {
    const m = contested();
    expect(m.proposals[0]!.nominees).toContainEqual({ name: 'Jack Steenstra', party: 'board' });
    expect(load(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('takes a say-on-frequency proposal and refuses FOR on one, and a malformed cut-off', () => {
    const file = raw('sonim-2024');
    const frequency = {
      ...file.proposals[1]!,
      number: 7,
      title: 'Frequency of the say-on-pay vote',
      kind: 'frequency' as const,
      boardRecommendation: '1 YEAR' as const,
      choices: ['1 YEAR', '2 YEARS', '3 YEARS', 'ABSTAIN'] as const,
    };
    expect(() => load({ ...file, proposals: [...file.proposals, frequency] })).not.toThrow();
    const bad = MeetingFileSchema.safeParse({
      ...file,
      proposals: [...file.proposals, { ...frequency, choices: ['FOR', 'AGAINST'] }],
      voting: { cutoffs: { internet: '2024-06-19 23:59' } },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['proposals.6.choices.0', 'voting.cutoffs.internet']));
  });
  it('refuses a cut-off after the polls close, and a party card naming no such proposal or nominee', () => {
    const file = raw('sonim-2024');
    const bad = MeetingFileSchema.safeParse({
      ...file,
      voting: {
        // Polls close 2024-06-20 09:00 (the meeting's start): 09:01 is too late.
        cutoffs: { internet: '2024-06-19T23:59', mail: '2024-06-20T09:01' },
        partyCards: [{ party: 'Ancora', recommendations: { '1': ['Nobody Known'], '9': 'FOR' } }],
      },
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'voting.cutoffs.mail',
      'voting.partyCards.0.recommendations.1',
      'voting.partyCards.0.recommendations.9',
    ]);
  });
});

describe('ballotFor', () => {
  it('the seed’s ballot: the account, its record-date shares, six proposals with the board’s FOR, five seats', () => {
    const b = ballotFor(sonim, { name: 'Ada Holder', shares: 1200 });
    expect(b.account).toEqual({ name: 'Ada Holder', shares: 1200 });
    expect(b.proposals.map((p) => [p.number, p.boardRecommendation])).toEqual([
      [1, 'FOR'],
      [2, 'FOR'],
      [3, 'FOR'],
      [4, 'FOR'],
      [5, 'FOR'],
      [6, 'FOR'],
    ]);
    // Plurality (seed table): FOR / WITHHOLD per nominee; the other five FOR / AGAINST / ABSTAIN.
    expect(b.proposals[0]).toMatchObject({ kind: 'election', seats: 5, options: ['FOR', 'WITHHOLD'] });
    expect(b.proposals[1]).toMatchObject({ kind: 'matter', options: ['FOR', 'AGAINST', 'ABSTAIN'] });
    expect(b.proposals[0]!.groups).toEqual([
      { party: 'board', nominees: ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'] },
    ]);
  });

  it('a contest: board first, then the dissident; alphabetical by last name in each group (not by first name)', () => {
    // By last name: Cassano, Liu, Mulica, Steenstra, Wang (by first name it would start Jack, James, Jeffrey).
    expect(ballotFor(contested(), { name: 'A', shares: 1 }).proposals[0]).toMatchObject({
      seats: 5,
      groups: [
        { party: 'board', nominees: ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'] },
        { party: 'Ancora', nominees: ['Dana Dissident'] },
      ],
    });
  });
});

describe('checkBallot', () => {
  it('accepts a ballot in the API’s shape', () => {
    const body = { '1': { 'Peter Liu': 'FOR', 'Jeffrey Wang': 'WITHHOLD' }, '2': 'AGAINST', '6': 'ABSTAIN' };
    expect(checkBallot(sonim, body, 'internet')).toEqual(body);
  });

  it('{"2": "WITHHOLD"} is refused naming proposal 2', () => {
    const issues = refusal(() => checkBallot(sonim, { '2': 'WITHHOLD' }, 'internet'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.field).toBe('ballot.2');
    expect(issues[0]!.message).toMatch(/^proposal 2 \(Ratification of Moss Adams/);
    expect(issues[0]!.message).toContain('offers FOR, AGAINST, ABSTAIN');
  });

  it('refuses an unknown proposal and an unknown nominee, one field per proposal', () => {
    const issues = refusal(() => checkBallot(sonim, { '1': { 'John Smith': 'FOR' }, '7': 'FOR', '3': 'FOR' }, 'phone'));
    expect(issues.map((i) => i.field)).toEqual(['ballot.1', 'ballot.7']);
    expect(issues[0]!.message).toContain('no nominee "John Smith"');
    expect(issues[1]!.message).toContain('no proposal "7"');
  });

  it('online and by phone, six FOR votes for five seats is refused; five is fine', () => {
    const m = contested();
    const six = {
      '1': Object.fromEntries(
        ['Dana Dissident', 'James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'].map((n) => [
          n,
          'FOR',
        ]),
      ),
    };
    for (const channel of ['internet', 'phone'] as const) {
      const issues = refusal(() => checkBallot(m, six, channel));
      expect(issues).toEqual([{ field: 'ballot.1', message: expect.stringContaining('elects 5; 6 FOR votes') }]);
    }
    const five = { '1': { ...six['1'], 'Jack Steenstra': 'WITHHOLD' } };
    expect(() => checkBallot(m, five, 'internet')).not.toThrow();
  });

  it('majority-standard directors take FOR / AGAINST / ABSTAIN, not WITHHOLD', () => {
    const file = raw('sonim-2024');
    const m = load({
      ...file,
      proposals: file.proposals.map((p) => (p.number === 1 ? { ...p, voteStandard: 'majority-of-votes-cast' } : p)),
    });
    expect(() =>
      checkBallot(m, { '1': { 'Peter Liu': 'AGAINST', 'Mike Mulica': 'ABSTAIN' } }, 'internet'),
    ).not.toThrow();
    expect(refusal(() => checkBallot(m, { '1': { 'Peter Liu': 'WITHHOLD' } }, 'internet'))[0]!.field).toBe('ballot.1');
  });

  it('a say-on-frequency proposal takes 1 / 2 / 3 YEARS or ABSTAIN, not FOR', () => {
    const file = raw('sonim-2024');
    const frequency = {
      ...file.proposals[1]!,
      number: 7,
      title: 'Frequency of the say-on-pay vote',
      kind: 'frequency' as const,
      boardRecommendation: '1 YEAR' as const,
      choices: ['1 YEAR', '2 YEARS', '3 YEARS', 'ABSTAIN'] as const,
    };
    const m = load({ ...file, proposals: [...file.proposals, frequency] });
    expect(() => checkBallot(m, { '7': '3 YEARS' }, 'internet')).not.toThrow();
    const issues = refusal(() => checkBallot(m, { '7': 'FOR' }, 'internet'));
    expect(issues).toEqual([
      { field: 'ballot.7', message: expect.stringMatching(/^proposal 7 .*offers 1 YEAR, 2 YEARS, 3 YEARS, ABSTAIN/) },
    ]);
  });

  it('refuses a body that is not a ballot, and an empty one', () => {
    expect(refusal(() => checkBallot(sonim, ['FOR'], 'internet'))[0]!.field).toBe('ballot');
    expect(refusal(() => checkBallot(sonim, {}, 'internet'))[0]!.message).toBe('marks no proposal');
    expect(refusal(() => checkBallot(sonim, { '1': 'FOR' }, 'internet'))[0]!.field).toBe('ballot.1');
  });
});

describe('readCard', () => {
  const ALL_FIVE = {
    'James Cassano': 'FOR',
    'Peter Liu': 'FOR',
    'Mike Mulica': 'FOR',
    'Jack Steenstra': 'FOR',
    'Jeffrey Wang': 'FOR',
  };

  it('a signed blank card votes FOR on all six: the board’s recommendations (seed table)', () => {
    const r = readCard(sonim, { signed: true, date: '2024-06-08', marks: {} });
    expect(r.valid).toBe(true);
    if (!r.valid) return;
    expect(r.votes).toEqual({ '1': ALL_FIVE, '2': 'FOR', '3': 'FOR', '4': 'FOR', '5': 'FOR', '6': 'FOR' });
    expect(r.outcomes.every((o) => o.counted === 'card')).toBe(true);
  });

  it('an unsigned card is not a valid proxy, with its reason', () => {
    const r = readCard(sonim, { signed: false, date: '2024-06-08', marks: { '2': 'FOR' } });
    expect(r).toEqual({ valid: false, reason: expect.stringContaining('unsigned') });
    // Unsigned and marked with a choice proposal 2 does not offer: still reported as unsigned, the first fault.
    const both = readCard(sonim, { signed: false, date: '2024-06-08', marks: { '2': 'WITHHOLD' } });
    expect(both).toEqual({ valid: false, reason: expect.stringContaining('unsigned') });
  });

  it('six FOR marks for five seats: no director vote counts; proposals 2–6 count as marked', () => {
    const six = { ...ALL_FIVE, 'Dana Dissident': 'FOR' };
    const marks = { '1': six, '2': 'FOR', '3': 'AGAINST', '4': 'FOR', '5': 'ABSTAIN', '6': 'AGAINST' };
    const r = readCard(contested(), { signed: true, date: '2024-06-08', marks });
    expect(r.valid).toBe(true);
    if (!r.valid) return;
    expect(r.votes).toEqual({ '2': 'FOR', '3': 'AGAINST', '4': 'FOR', '5': 'ABSTAIN', '6': 'AGAINST' });
    expect(r.outcomes[0]).toEqual({
      proposal: 1,
      counted: 'none',
      reason: expect.stringContaining('over-vote: 6 FOR marks for 5 seats'),
    });
    expect(r.outcomes.slice(1).map((o) => o.counted)).toEqual(['marked', 'marked', 'marked', 'marked', 'marked']);
  });

  it('a partly marked card: the marks count, the unmarked proposals follow the card', () => {
    const r = readCard(sonim, { signed: true, marks: { '2': 'AGAINST', '1': { 'Peter Liu': 'WITHHOLD' } } });
    if (!r.valid) throw new Error('expected a valid card');
    // Marked: 1 (only Peter Liu, withheld) and 2 (AGAINST); unmarked 3–6 follow the board: FOR.
    expect(r.votes).toEqual({
      '1': { 'Peter Liu': 'WITHHOLD' },
      '2': 'AGAINST',
      '3': 'FOR',
      '4': 'FOR',
      '5': 'FOR',
      '6': 'FOR',
    });
  });

  it('in a contest, a signed blank card votes as its own party recommends', () => {
    const m = contested();
    const board = readCard(m, { signed: true, marks: {} });
    const dissident = readCard(m, { party: 'Ancora', signed: true, marks: {} });
    if (!board.valid || !dissident.valid) throw new Error('expected valid cards');
    // The board's card: FOR its five nominees, nothing for Dana Dissident.
    expect(board.votes['1']).toEqual(ALL_FIVE);
    // Ancora's printed card: FOR Dana Dissident and four board nominees (not Steenstra); AGAINST 3; no recommendation on 2, 4, 5, 6.
    expect(dissident.votes).toEqual({
      '1': {
        'Dana Dissident': 'FOR',
        'James Cassano': 'FOR',
        'Peter Liu': 'FOR',
        'Mike Mulica': 'FOR',
        'Jeffrey Wang': 'FOR',
      },
      '3': 'AGAINST',
    });
    expect(dissident.outcomes.filter((o) => o.counted === 'none').map((o) => o.proposal)).toEqual([2, 4, 5, 6]);
  });

  it('a card whose marks the meeting does not offer, or from an unknown party, is a bad row', () => {
    expect(refusal(() => readCard(sonim, { signed: true, marks: { '2': 'WITHHOLD' } }))[0]!.field).toBe('ballot.2');
    expect(refusal(() => readCard(sonim, { party: 'Nobody', signed: true, marks: {} }))[0]!.field).toBe('party');
  });
});

describe('cut-offs, in the issuer’s time zone', () => {
  it('internet and phone: 11:59 pm Pacific on 2024-06-19 (the statement); mailed cards: the polls close at 9:00 am', () => {
    expect(cutoffFor(sonim, 'internet').label).toBe('11:59 pm Pacific on 2024-06-19');
    expect(cutoffFor(sonim, 'phone').label).toBe('11:59 pm Pacific on 2024-06-19');
    expect(cutoffFor(sonim, 'mail')).toMatchObject({ label: '9:00 am Pacific on 2024-06-20', source: 'polls close' });
  });

  it('a vote at 2024-06-19 23:59:30 PDT is accepted; at 2024-06-20 00:00:01 PDT refused, naming the cut-off', () => {
    expect(() => checkCutoff(sonim, 'internet', instant('2024-06-19T23:59:30-07:00'))).not.toThrow();
    // 17:30 PDT on 06-19 is already 06-20 in UTC: still in time (no midnight-UTC cut-off).
    expect(() => checkCutoff(sonim, 'phone', instant('2024-06-20T00:30:00Z'))).not.toThrow();
    const late = () => checkCutoff(sonim, 'internet', instant('2024-06-20T00:00:01-07:00'));
    expect(late).toThrow(NotAcceptedError);
    expect(late).toThrow('internet voting closed at 11:59 pm Pacific on 2024-06-19');
  });

  it('a card received at 9:00:59 am PDT on the meeting day is in time; at 9:01 it is late', () => {
    expect(() => checkCutoff(sonim, 'mail', instant('2024-06-20T16:00:59Z'))).not.toThrow();
    expect(() => checkCutoff(sonim, 'mail', instant('2024-06-20T09:01:00-07:00'))).toThrow(
      '9:00 am Pacific on 2024-06-20',
    );
  });

  it('warns that the card prints 9:00 am Pacific on 2024-06-20 while the statement’s 11:59 pm governs', () => {
    const warnings = votingWarnings(sonim);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('the proxy card prints 9:00 am Pacific on 2024-06-20 for internet voting');
    expect(warnings[0]).toContain('11:59 pm Pacific on 2024-06-19 governs');
  });

  it('the rehearsal moves its cut-offs with the meeting and keeps their wall-clock time', () => {
    // Template: materials 2025-04-28, meeting 2025-06-19, internet until 2025-06-18 23:59. Loaded on 2025-05-01: +3 days.
    const moved = load(rehearsalMeeting(raw('rehearsal-2025') as never, Temporal.PlainDate.from('2025-05-01')));
    expect(moved.meeting.date).toBe('2025-06-22');
    expect(moved.voting?.cutoffs.internet).toBe('2025-06-21T23:59');
    expect(moved.voting?.cardPrintedCutoff).toBe('2025-06-22T09:00');
    expect(cutoffFor(moved, 'phone').label).toBe('11:59 pm Pacific on 2025-06-21');
  });
});

describe('countingProxy: the latest-dated valid proxy counts', () => {
  let n = 0;
  const sub = (kind: Submission['kind'], receivedAt: string, extra: Partial<Submission> = {}): Submission => ({
    id: `s${++n}`,
    kind,
    receivedAt,
    valid: true,
    ...extra,
  });

  it('online on 2024-06-10, then a card dated 2024-06-08 arriving 2024-06-12: the online vote counts', () => {
    const online = sub('internet', '2024-06-10T10:00:00-07:00');
    const card = sub('mail', '2024-06-12T11:00:00-07:00', { date: '2024-06-08' });
    expect(countingProxy([online, card], TZ).counting).toBe(online);
  });

  it('tie rule: a card dated the same day as an online vote counts when it arrives later', () => {
    const online = sub('internet', '2024-06-10T15:00:00-07:00');
    const card = sub('mail', '2024-06-12T11:00:00-07:00', { date: '2024-06-10' });
    expect(countingProxy([online, card], TZ).counting).toBe(card);
    // Days are the issuer's: 23:30 PDT on 06-10 is 06-11 in UTC, yet the same day as the card dated 06-10; the card arrived earlier.
    const lateNight = sub('phone', '2024-06-11T06:30:00Z');
    const earlyCard = sub('mail', '2024-06-10T16:00:00-07:00', { date: '2024-06-10' });
    expect(countingProxy([lateNight, earlyCard], TZ).counting).toBe(lateNight);
  });

  it('a written revocation ends the earlier proxy; a later proxy counts again', () => {
    const online = sub('internet', '2024-06-10T10:00:00-07:00');
    const revocation = sub('revocation', '2024-06-15T09:00:00-07:00', { date: '2024-06-14' });
    expect(countingProxy([online, revocation], TZ)).toMatchObject({ counting: null, latest: revocation });
    const again = sub('phone', '2024-06-16T09:00:00-07:00');
    expect(countingProxy([online, revocation, again], TZ).counting).toBe(again);
  });

  it('a ballot at the meeting ends earlier proxies; attending alone does not', () => {
    const online = sub('internet', '2024-06-10T10:00:00-07:00');
    const attended = sub('attendance', '2024-06-20T09:00:00-07:00');
    expect(countingProxy([online, attended], TZ).counting).toBe(online);
    const ballot = sub('meeting', '2024-06-20T09:05:00-07:00');
    expect(countingProxy([online, attended, ballot], TZ).counting).toBe(ballot);
  });

  it('invalid submissions neither count nor revoke; undated and post-dated cards are dated the day they arrive', () => {
    const online = sub('internet', '2024-06-14T10:00:00-07:00');
    const unsigned = sub('mail', '2024-06-16T10:00:00-07:00', { date: '2024-06-15', valid: false, reason: 'unsigned' });
    expect(countingProxy([online, unsigned], TZ).counting).toBe(online);
    // An online vote refused after the cut-off (recorded for the audit trail): the earlier valid one still counts.
    const late = sub('internet', '2024-06-20T00:00:01-07:00', { valid: false, reason: 'internet voting closed' });
    expect(countingProxy([online, late], TZ).counting).toBe(online);
    expect(countingProxy([late], TZ)).toEqual({ counting: null, latest: null, reason: 'no valid proxy' });
    // Dated 06-25 but arrived 06-12: dated 06-12, before the online vote of 06-14.
    const postdated = sub('mail', '2024-06-12T10:00:00-07:00', { date: '2024-06-25' });
    expect(countingProxy([online, postdated], TZ).counting).toBe(online);
    // Undated, arrived 06-15: after the online vote of 06-14.
    const undated = sub('mail', '2024-06-15T10:00:00-07:00');
    expect(countingProxy([online, undated], TZ).counting).toBe(undated);
    expect(countingProxy([], TZ)).toEqual({ counting: null, latest: null, reason: 'no valid proxy' });
  });
});

describe('vote-file rows: a real instant and a real card date only (read by arithmetic, not per row by Temporal)', () => {
  it('isIsoDate answers as the Temporal reader does for every day of a month, leap years and the ends of the range', () => {
    for (const year of ['0000', '1900', '2000', '2023', '2024', '9999'])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++) {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(isIsoDate(text), text).toBe(parseDate(text) !== undefined);
        }
    // By hand: 2024 and 2000 are leap years, 1900 and 2023 are not; April has 30 days.
    expect([
      isIsoDate('2024-02-29'),
      isIsoDate('2000-02-29'),
      isIsoDate('1900-02-29'),
      isIsoDate('2023-02-29'),
    ]).toEqual([true, true, false, false]);
    expect([isIsoDate('2024-04-31'), isIsoDate('2024-4-30'), isIsoDate('June 8')]).toEqual([false, false, false]);
  });

  it('received_at: a day past the month, hour 24, a leap second or an offset of a day is refused; card_date likewise', () => {
    const row = (receivedAt: string, cardDate = '') =>
      parseVoteRow(sonim, 'mail', {
        line: 2,
        fields: { account: 'TA-1', signed: 'yes', card_date: cardDate, received_at: receivedAt },
      });
    const at = (text: string) => {
      const r = row(text);
      return 'parsed' in r ? r.parsed.receivedAt : r.rejection.field;
    };
    // Epoch ms worked out by hand: 2024-02-29T10:00Z is 19,782 days after 1970-01-01 (54 years, 13 leap days, 59 days).
    expect(at('2024-02-29T10:00:00Z')).toBe(19_782 * 86_400_000 + 10 * 3_600_000);
    expect(at('2024-02-29T02:00:00-08:00')).toBe(19_782 * 86_400_000 + 10 * 3_600_000);
    expect(at('2024-02-29T10:00:00-00:00')).toBe(19_782 * 86_400_000 + 10 * 3_600_000);
    expect(at('2024-02-29T10:00:00.250Z')).toBe(19_782 * 86_400_000 + 10 * 3_600_000 + 250);
    for (const bad of [
      '2024-02-30T10:00:00Z',
      '2023-02-29T10:00:00Z',
      '2024-04-31T10:00:00Z',
      '2024-06-12T24:00:00Z',
      '2024-06-12T10:60:00Z',
      '2024-06-12T10:00:60Z',
      '2024-06-12T10:00:00+24:00',
      '2024-06-12T10:00:00+05:60',
      '2024-13-01T10:00:00Z',
      '2024-06-12T10:00:00',
      '2024-06-12',
    ])
      expect(at(bad), bad).toBe('received_at');
    const date = (text: string) => {
      const r = row('2024-06-12T10:00:00Z', text);
      return 'parsed' in r ? r.parsed.date : r.rejection.field;
    };
    expect([date('2024-02-29'), date(''), date('2023-02-29'), date('2024-06-31')]).toEqual([
      '2024-02-29',
      undefined,
      'card_date',
      'card_date',
    ]);
  });
});
