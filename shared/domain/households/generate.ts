import { seededRandom } from '../seeded-random.js';

/**
 * A generator of messy address variants and hard near-misses, for measuring the householding
 * matcher (pairwise precision and recall) and for the grouping benchmark. Deterministic for a
 * seed; no I/O. Each base address is one real delivery point (its `truth` id); it is written
 * several ways the way holder files really write addresses, in the forms USPS Publication 28
 * treats as one address: suffixes and directionals spelled out or abbreviated (North West, N.W.,
 * before or after the name), Saint/Mount/Fort/Highway inside names, ordinals in words (Fifth,
 * Twenty-Seventh, Twenty Seventh), units with or without a designator or "#" at the end of the
 * street line or on a line of their own above or below it, floors either way round (Fl 3, 3rd
 * Floor, Third Floor), rural routes abbreviated or split over two lines. Near-misses are other
 * delivery points made from a base by one small change that must keep them apart: another unit or
 * floor, a floor vs an apartment, N vs S, a directional before vs after, St vs Ave, a look-alike
 * name (Main vs Maine), another house number, a half-number, another ZIP or city, PO Box 12 vs 21,
 * another rural route.
 */
export interface RawAddress {
  readonly address_line1: string;
  readonly address_line2: string;
  readonly address_line3: string;
  readonly city: string;
  readonly state: string;
  readonly postal_code: string;
  readonly country: string;
}

export interface GeneratedAddress {
  /** The delivery point this row really is. */
  readonly truth: number;
  /** How it was made: 'variant' of its base, or the kind of near-miss its base is. */
  readonly kind: string;
  readonly fields: RawAddress;
}

interface Base {
  readonly id: number;
  readonly kind: 'street' | 'pobox' | 'rural' | 'foreign';
  readonly number: string;
  readonly half?: boolean;
  readonly pre?: string; // N, S, …
  readonly name: string; // a key of NAMES
  readonly suffix: string; // a key of SUFFIXES, or '' (a highway)
  readonly post?: string;
  readonly unit?: { designator: string; id: string };
  readonly box?: string;
  readonly route?: string;
  readonly place: Place;
  readonly plus4: string;
  readonly foreign?: { lines: string[]; city: string; postcode: string; country: string };
  readonly origin: string;
}

interface Place {
  readonly city: string;
  readonly state: string;
  readonly stateName: string;
  readonly zip: string;
}

const PLACES: Place[] = [
  { city: 'Austin', state: 'TX', stateName: 'Texas', zip: '78701' },
  { city: 'Austin', state: 'TX', stateName: 'Texas', zip: '78704' },
  { city: 'San Diego', state: 'CA', stateName: 'California', zip: '92121' },
  { city: 'La Jolla', state: 'CA', stateName: 'California', zip: '92121' },
  { city: 'Saint Louis', state: 'MO', stateName: 'Missouri', zip: '63101' },
  { city: 'Fort Worth', state: 'TX', stateName: 'Texas', zip: '76102' },
  { city: 'Boston', state: 'MA', stateName: 'Massachusetts', zip: '02134' },
  { city: 'Cary', state: 'NC', stateName: 'North Carolina', zip: '27512' },
  { city: 'New York', state: 'NY', stateName: 'New York', zip: '10001' },
  { city: 'Mount Vernon', state: 'NY', stateName: 'New York', zip: '10550' },
];

/** Street names with the ways they are written. */
const NAMES: Record<string, string[]> = {
  Main: ['Main'],
  Oak: ['Oak'],
  Eastgate: ['Eastgate'],
  'Lake Shore': ['Lake Shore'],
  '5th': ['5th', 'Fifth', 'FIFTH'],
  '1st': ['1st', 'First'],
  '42nd': ['42nd'],
  '27th': ['27th', 'Twenty-Seventh', 'Twenty Seventh', 'twenty-seventh'],
  '28th': ['28th', 'Twenty-Eighth', 'Twenty Eighth'],
  '21st': ['21st', 'Twenty-First', 'Twenty First'],
  'St Marks': ['St Marks', 'Saint Marks', 'St. Marks'],
  'St Charles': ['St Charles', 'Saint Charles', 'St. Charles'],
  Charles: ['Charles'],
  'Mt Vernon': ['Mt Vernon', 'Mount Vernon', 'Mt. Vernon'],
  'Ft Worth': ['Ft Worth', 'Fort Worth', 'Ft. Worth'],
  "O'Farrell": ["O'Farrell", 'OFarrell'],
  Martin: ['Martin'],
  Cedar: ['Cedar'],
  Maine: ['Maine'],
  Oaks: ['Oaks'],
};
/** Names written with no suffix after them. */
const HIGHWAYS: Record<string, string[]> = {
  'Hwy 61': ['Highway 61', 'Hwy 61', 'HWY 61', 'Hwy. 61'],
  'Hwy 16': ['Highway 16', 'Hwy 16'],
};
/** A name and another street's name one small change away. */
const LOOKALIKE: Record<string, string> = {
  Main: 'Maine',
  Oak: 'Oaks',
  '27th': '28th',
  'St Charles': 'Charles',
  'Hwy 61': 'Hwy 16',
};
/** USPS Publication 28 suffixes with common spellings. */
const SUFFIXES: Record<string, string[]> = {
  St: ['Street', 'St', 'St.', 'STREET', 'Str'],
  Ave: ['Avenue', 'Ave', 'Ave.', 'Av'],
  Rd: ['Road', 'Rd', 'Rd.'],
  Blvd: ['Boulevard', 'Blvd', 'Blvd.'],
  Dr: ['Drive', 'Dr', 'Dr.'],
  Ln: ['Lane', 'Ln'],
  Ct: ['Court', 'Ct'],
  Pl: ['Place', 'Pl'],
  Way: ['Way'],
  Ter: ['Terrace', 'Ter'],
  Pkwy: ['Parkway', 'Pkwy'],
  Cir: ['Circle', 'Cir'],
};
const DIRECTIONS: Record<string, string[]> = {
  N: ['North', 'N', 'N.'],
  S: ['South', 'S', 'S.'],
  E: ['East', 'E', 'E.'],
  W: ['West', 'W', 'W.'],
  NE: ['Northeast', 'NE', 'N.E.', 'North East', 'North-East'],
  SW: ['Southwest', 'SW', 'S.W.', 'South West'],
  NW: ['Northwest', 'NW', 'N.W.', 'North West', 'North-West'],
  SE: ['Southeast', 'SE', 'S.E.', 'South East'],
};
const OPPOSITE: Record<string, string> = { N: 'S', S: 'N', E: 'W', W: 'E', NE: 'SW', SW: 'NE', NW: 'SE', SE: 'NW' };
/** Unit designators that name a unit by its identifier, with their spellings. */
const UNITS: Record<string, string[]> = {
  Apt: ['Apartment', 'Apt', 'Apt.', '#', 'APT', 'Apt #', 'Apartment #'],
  Ste: ['Suite', 'Ste', 'Ste.', '#', 'Suite #', 'STE'],
  Unit: ['Unit', '#', 'Unit #'],
  Fl: ['Fl', 'Floor', 'Fl.', 'FLOOR'], // and "3rd Floor", "3rd Fl", "Third Floor": see render
};
const ORDINAL_WORDS = [
  'First',
  'Second',
  'Third',
  'Fourth',
  'Fifth',
  'Sixth',
  'Seventh',
  'Eighth',
  'Ninth',
  'Tenth',
  'Eleventh',
  'Twelfth',
];
const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
/** Rural route words (Pub 28 section 24) and box words. */
const ROUTES = ['RR', 'RR #', 'R.R.', 'Rural Route', 'RFD', 'Rural Rte', 'R R'];
const BOXES = ['Box', 'BOX', 'Box #'];
/** Foreign addresses; `{n}` is the house number. */
const FOREIGN = [
  { lines: ['{n} Baker Street'], city: 'London', postcode: 'NW1 6XE', country: 'GB' },
  { lines: ['{n} Rue de Rivoli'], city: 'Paris', postcode: '75004', country: 'FR' },
  { lines: ['Königstraße {n}', 'Hinterhaus'], city: 'Stuttgart', postcode: '70173', country: 'DE' },
  { lines: ['{n} King St W', 'Suite 5600'], city: 'Toronto', postcode: 'M5X 1C9', country: 'CA' },
];

/** Yields `bases` delivery points (with near-misses among them), each written `variants` ways (1 to `variants`). */
export function* generateAddressVariants(opts: {
  bases: number;
  variants?: number;
  nearMissShare?: number;
  seed?: number;
}): Generator<GeneratedAddress> {
  const rand = seededRandom(opts.seed ?? 14);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const maxVariants = opts.variants ?? 3;
  const nearMissShare = opts.nearMissShare ?? 0.3;
  // A near-miss is made from the fresh base just before it, and at most one per base, so two
  // changes never cancel out or repeat each other.
  // Every base is a distinct delivery point: a draw that repeats an earlier one is drawn again.
  const taken = new Set<string>();
  let previous: Base | undefined;
  for (let id = 0; id < opts.bases; id++) {
    let miss = previous !== undefined && rand() < nearMissShare;
    let base: Base = miss ? nearMiss(previous!, id, rand, pick) : fresh(id, rand, pick);
    while (taken.has(identity(base))) {
      miss = false;
      base = fresh(id, rand, pick);
    }
    taken.add(identity(base));
    previous = miss ? undefined : base;
    const count = 1 + Math.floor(rand() * maxVariants);
    for (let v = 0; v < count; v++) yield { truth: id, kind: base.origin, fields: render(base, rand, pick) };
  }
}

function fresh(id: number, rand: () => number, pick: <T>(xs: readonly T[]) => T): Base {
  const place = pick(PLACES);
  const plus4 = String(1000 + Math.floor(rand() * 9000));
  const r = rand();
  if (r < 0.05) {
    const f = pick(FOREIGN);
    const n = String(1 + Math.floor(rand() * 9999));
    return {
      id,
      kind: 'foreign',
      number: '',
      name: '',
      suffix: '',
      place,
      plus4,
      foreign: { ...f, lines: f.lines.map((l) => l.replace('{n}', n)) },
      origin: 'variant',
    };
  }
  if (r < 0.15)
    return {
      id,
      kind: 'pobox',
      number: '',
      name: '',
      suffix: '',
      box: String(1 + Math.floor(rand() * 9999)),
      place,
      plus4,
      origin: 'variant',
    };
  if (r < 0.2)
    return {
      id,
      kind: 'rural',
      number: '',
      name: '',
      suffix: '',
      route: String(1 + Math.floor(rand() * 9)),
      box: String(1 + Math.floor(rand() * 300)),
      place,
      plus4,
      origin: 'variant',
    };
  const highway = rand() < 0.08;
  const designator = rand() < 0.4 ? pick(Object.keys(UNITS)) : undefined;
  return {
    id,
    kind: 'street',
    number: String(1 + Math.floor(rand() * 9999)),
    pre: rand() < 0.3 ? pick(Object.keys(DIRECTIONS)) : undefined,
    name: highway ? pick(Object.keys(HIGHWAYS)) : pick(Object.keys(NAMES)),
    suffix: highway ? '' : pick(Object.keys(SUFFIXES)),
    post: rand() < 0.1 ? pick(Object.keys(DIRECTIONS)) : undefined,
    unit: !designator
      ? undefined
      : designator === 'Fl'
        ? { designator, id: String(1 + Math.floor(rand() * 12)) }
        : { designator, id: `${1 + Math.floor(rand() * 40)}${rand() < 0.3 ? pick(['A', 'B', 'C']) : ''}` },
    place,
    plus4,
    origin: 'variant',
  };
}

/** What makes a base one delivery point (spellings aside). */
function identity(b: Base): string {
  const where =
    b.kind === 'foreign' ? [...b.foreign!.lines, b.foreign!.city, b.foreign!.country] : [b.place.city, b.place.zip];
  return JSON.stringify([
    b.kind,
    b.number,
    b.half ?? false,
    b.pre,
    b.name,
    b.suffix,
    b.post,
    // Apartment, suite and unit name a unit by its number (Apt 4 = Ste 4 = #4); a floor is another kind.
    b.unit && (b.unit.designator === 'Fl' ? `Fl ${b.unit.id}` : b.unit.id),
    b.box,
    b.route,
    ...where,
  ]);
}

/** Another delivery point, one small change away from `b`. */
function nearMiss(b: Base, id: number, rand: () => number, pick: <T>(xs: readonly T[]) => T): Base {
  const otherPlace = (p: Place, same: 'zip' | 'city') =>
    PLACES.find((q) => q !== p && (same === 'zip' ? q.zip === p.zip : q.city === p.city && q.state === p.state)) ??
    PLACES.find((q) => q.zip !== p.zip)!;
  if (b.kind === 'foreign')
    return {
      ...b,
      id,
      foreign: {
        ...b.foreign!,
        lines: [`${b.foreign!.lines[0]} Flat ${1 + Math.floor(rand() * 9)}`, ...b.foreign!.lines.slice(1)],
      },
      origin: 'foreign: another flat',
    };
  if (b.kind === 'pobox' || b.kind === 'rural') {
    const swapped =
      b.box!.length > 1 && b.box![0] !== b.box![1] ? `${b.box![1]}${b.box![0]}${b.box!.slice(2)}` : `${b.box}1`;
    const r = rand();
    if (b.kind === 'rural' && r < 0.3)
      return { ...b, id, route: String(Number(b.route) + 1), origin: 'another rural route' };
    return r < 0.7
      ? { ...b, id, box: swapped, origin: 'box number transposed' }
      : { ...b, id, place: otherPlace(b.place, 'city'), origin: 'box in another ZIP' };
  }
  const options: (() => Base)[] = [
    () => ({
      ...b,
      id,
      unit: b.unit ? { ...b.unit, id: String(Number.parseInt(b.unit.id, 10) + 1) } : { designator: 'Apt', id: '2' },
      origin: 'another unit',
    }),
    () =>
      b.unit
        ? { ...b, id, unit: { ...b.unit, id: `${b.unit.id}0` }, origin: 'another unit' }
        : { ...b, id, unit: { designator: 'Ste', id: '100' }, origin: 'unit vs no unit' },
    () => ({ ...b, id, pre: b.pre ? OPPOSITE[b.pre] : 'N', origin: b.pre ? 'N vs S' : 'directional vs none' }),
    () => ({ ...b, id, suffix: b.suffix === 'St' ? 'Ave' : 'St', origin: 'St vs Ave' }),
    () =>
      LOOKALIKE[b.name]
        ? { ...b, id, name: LOOKALIKE[b.name]!, origin: 'look-alike name' }
        : { ...b, id, pre: b.pre ? OPPOSITE[b.pre] : 'N', origin: b.pre ? 'N vs S' : 'directional vs none' },
    () =>
      b.pre && !b.post
        ? { ...b, id, pre: undefined, post: b.pre, origin: 'directional before vs after' }
        : { ...b, id, suffix: b.suffix === 'St' ? 'Ave' : 'St', origin: 'St vs Ave' },
    () =>
      b.unit && /^\d+$/.test(b.unit.id)
        ? {
            ...b,
            id,
            unit: { designator: b.unit.designator === 'Fl' ? 'Apt' : 'Fl', id: b.unit.id },
            origin: 'floor vs apartment',
          }
        : { ...b, id, unit: { designator: 'Fl', id: '2' }, origin: 'unit vs no unit' },
    () => ({
      ...b,
      id,
      number:
        b.number.length > 1
          ? `${b.number.slice(0, -2)}${b.number.slice(-1)}${b.number.slice(-2, -1)}` === b.number
            ? `${b.number}0`
            : `${b.number.slice(0, -2)}${b.number.slice(-1)}${b.number.slice(-2, -1)}`
          : `${b.number}1`,
      origin: 'house number transposed',
    }),
    () => ({ ...b, id, half: !b.half, origin: 'half-number' }),
    () => ({ ...b, id, place: otherPlace(b.place, 'city'), origin: 'another ZIP, same city' }),
    () => ({ ...b, id, place: otherPlace(b.place, 'zip'), origin: 'another city, same ZIP' }),
  ];
  return pick(options)();
}

/** One way of writing a base address, as a holder file might. */
function render(b: Base, rand: () => number, pick: <T>(xs: readonly T[]) => T): RawAddress {
  const casing = pick(['as-is', 'as-is', 'upper', 'lower'] as const);
  const cased = (s: string) => (casing === 'upper' ? s.toUpperCase() : casing === 'lower' ? s.toLowerCase() : s);
  const space = (s: string) => (rand() < 0.15 ? s.replace(/ /g, '  ') : s) + (rand() < 0.1 ? ' ' : '');
  const zip = rand() < 0.3 ? `${b.place.zip}-${b.plus4}` : b.place.zip;
  const state = rand() < 0.25 ? b.place.stateName : b.place.state;
  const country = pick(['US', 'US', 'USA', 'United States', '']);
  const city = cased(
    rand() < 0.3
      ? b.place.city
          .replace(/^Saint /, 'St. ')
          .replace(/^Fort /, 'Ft. ')
          .replace(/^Mount /, 'Mt. ')
      : b.place.city,
  );
  if (b.kind === 'foreign') {
    const f = b.foreign!;
    return {
      address_line1: space(cased(f.lines[0]!)),
      address_line2: cased(f.lines[1] ?? ''),
      address_line3: '',
      city: cased(f.city),
      state: '',
      postal_code: rand() < 0.5 ? f.postcode.toLowerCase() : f.postcode,
      country: f.country,
    };
  }
  if (b.kind === 'pobox') {
    const box = `${pick(['PO Box', 'P.O. Box', 'Post Office Box', 'POB', 'P O Box', 'PO BOX', 'P.O. BOX #'])} ${b.box}`;
    return {
      address_line1: space(cased(box)),
      address_line2: '',
      address_line3: '',
      city,
      state,
      postal_code: zip,
      country,
    };
  }
  if (b.kind === 'rural') {
    const route = `${pick(ROUTES)} ${b.route}`;
    const box = `${pick(BOXES)} ${b.box}`;
    const split = rand() < 0.4;
    return {
      address_line1: space(cased(split ? route : `${route} ${box}`)),
      address_line2: split ? cased(box) : '',
      address_line3: '',
      city,
      state,
      postal_code: zip,
      country,
    };
  }
  const street = [
    b.half ? `${b.number} 1/2` : b.number,
    b.pre ? pick(DIRECTIONS[b.pre]!) : undefined,
    pick(NAMES[b.name] ?? HIGHWAYS[b.name]!),
    b.suffix ? pick(SUFFIXES[b.suffix]!) : undefined,
    b.post ? pick(DIRECTIONS[b.post]!) : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  let unit = '';
  if (b.unit?.designator === 'Fl') {
    const n = Number(b.unit.id);
    const form = rand();
    unit =
      form < 0.35
        ? `${pick(UNITS.Fl!)} ${n}`
        : form < 0.8
          ? `${ordinal(n)} ${pick(['Floor', 'Fl', 'FL', 'Fl.'])}`
          : `${ORDINAL_WORDS[n - 1] ?? ordinal(n)} ${pick(['Floor', 'Fl'])}`;
  } else if (b.unit) {
    const designator = pick(UNITS[b.unit.designator]!);
    const id = rand() < 0.2 && /\d[A-Z]$/.test(b.unit.id) ? b.unit.id.replace(/([A-Z])$/, '-$1') : b.unit.id;
    unit = designator.endsWith('#') ? `${designator}${rand() < 0.5 ? ' ' : ''}${id}` : `${designator} ${id}`;
  }
  // Where the unit goes: the end of the street line, a line of its own below it (line 2 or 3), or above it.
  const where = !b.unit ? 'none' : pick(['end', 'end', 'below', 'below', 'third', 'above'] as const);
  const lines =
    where === 'none'
      ? [street, '', '']
      : where === 'end'
        ? [`${street}${rand() < 0.5 ? ',' : ''} ${unit}`, '', '']
        : where === 'below'
          ? [street, unit, '']
          : where === 'third'
            ? [street, '', unit]
            : [unit, street, ''];
  return {
    address_line1: space(cased(lines[0]!)),
    address_line2: cased(lines[1]!),
    address_line3: cased(lines[2]!),
    city,
    state,
    postal_code: zip,
    country,
  };
}

/** Pairwise precision and recall of a grouping against the truth. */
export function pairwise(rows: readonly { truth: number; key: string }[]): {
  precision: number;
  recall: number;
  predictedPairs: number;
  truePairs: number;
  correctPairs: number;
} {
  const count = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const predicted = new Map<string, number>();
  const truth = new Map<string, number>();
  const both = new Map<string, number>();
  for (const r of rows) {
    predicted.set(r.key, (predicted.get(r.key) ?? 0) + 1);
    truth.set(String(r.truth), (truth.get(String(r.truth)) ?? 0) + 1);
    const k = `${r.truth}\u0000${r.key}`;
    both.set(k, (both.get(k) ?? 0) + 1);
  }
  const predictedPairs = count(predicted);
  const truePairs = count(truth);
  const correctPairs = count(both);
  return {
    precision: predictedPairs ? correctPairs / predictedPairs : 1,
    recall: truePairs ? correctPairs / truePairs : 1,
    predictedPairs,
    truePairs,
    correctPairs,
  };
}
