import { seededRandom } from '../seeded-random.js';

/**
 * Generates a plausible registered-holder file for a meeting (demo data and benchmarks), with
 * shares that add up exactly to a given total, some households (shared addresses), foreign and
 * military addresses, and messy-but-valid values. Deterministic for a seed; no I/O.
 */
const FIRST = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'José',
  'Zoë',
  'Renée',
  "D'Arcy",
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Martínez',
  "O'Brien",
  'Nguyen',
  'Kim',
];
const STREETS = ['Main Street', 'Oak Avenue', 'Eastgate Mall', 'Pine Road', 'Maple Drive', 'Cedar Lane', 'Elm Court'];
const PLACES: [string, string, string][] = [
  ['San Diego', 'CA', '92121'],
  ['Boston', 'MA', '02134'],
  ['New York', 'NY', '10001'],
  ['Austin', 'TX', '78701'],
  ['Chicago', 'IL', '60601'],
  ['Cary', 'NC', '27512'],
  ['Wilmington', 'DE', '19801'],
  ['Seattle', 'WA', '98101'],
];

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const GENERATED_HEADER =
  'account_id,name,co_owner,address_line1,address_line2,address_line3,city,state,postal_code,country,shares,email,' +
  'edelivery_consent,householding_consent,delivery_election';

/** Yields the header and `rows` CSV lines whose shares sum to `totalShares` (needs totalShares ≥ rows). */
export function* generateRegisteredCsv(opts: { rows: number; totalShares: number; seed?: number }): Generator<string> {
  const { rows, totalShares } = opts;
  if (rows < 1 || totalShares < rows) throw new RangeError('need at least one row and one share per row');
  const rand = seededRandom(opts.seed ?? 2024);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  yield GENERATED_HEADER;
  let remaining = totalShares;
  let household: { line1: string; place: [string, string, string]; last: string } | undefined;
  for (let i = 0; i < rows; i++) {
    const left = rows - i;
    const average = Math.floor(remaining / left);
    const shares =
      left === 1 ? remaining : Math.max(1, Math.min(remaining - (left - 1), Math.floor(average * (0.5 + rand()))));
    remaining -= shares;
    const join = household && rand() < 0.5; // every other household gets a second member
    const last = join ? household!.last : pick(LAST);
    const place = join ? household!.place : pick(PLACES);
    const line1 = join ? household!.line1 : `${1 + Math.floor(rand() * 9999)} ${pick(STREETS)}`;
    household = join ? undefined : { line1, place, last };
    const name = `${last}, ${pick(FIRST)}`;
    const kind = rand();
    const [city, state, zip, country] =
      kind < 0.01
        ? ['APO', 'AE', '09012', 'US']
        : kind < 0.03
          ? ['Toronto', 'ON', 'M5V 2T6', 'Canada']
          : [place[0], rand() < 0.1 ? stateName(place[1]) : place[1], place[2], rand() < 0.2 ? 'USA' : 'US'];
    const email = rand() < 0.4 ? `holder${i}@example.com` : '';
    const consent = email ? (rand() < 0.5 ? 'Y' : 'N') : 'N';
    const hh = pick(['affirmative', 'implied', 'implied', 'none', 'revoked']);
    const election = email && consent === 'Y' && rand() < 0.3 ? 'email' : rand() < 0.05 ? 'paper' : '';
    yield [
      `TA-${String(i + 1).padStart(7, '0')}`,
      name,
      '',
      line1,
      rand() < 0.1 ? `Apt ${1 + Math.floor(rand() * 40)}` : '',
      '',
      city,
      state,
      zip,
      country,
      String(shares),
      email,
      consent,
      hh,
      election,
    ]
      .map(csvField)
      .join(',');
  }
}

function stateName(code: string): string {
  return (
    (
      {
        CA: 'California',
        MA: 'Massachusetts',
        NY: 'New York',
        TX: 'Texas',
        IL: 'Illinois',
        NC: 'North Carolina',
        DE: 'Delaware',
        WA: 'Washington',
      } as Record<string, string>
    )[code] ?? code
  );
}
