import addressParser from 'parse-address';
import type { PostalAddress } from '../holders/address.js';

/**
 * Which holder records share one delivery address (householding, Rule 14a-3(e)(1)).
 *
 * Two addresses match when their delivery keys are equal, so grouping is one pass with a map.
 * A wrong merge sends one person's materials to a stranger while a missed merge only costs a
 * copy, so the key errs towards keeping apart:
 * - US addresses: the street line is parsed by `parse-address` (number, directionals, USPS
 *   Publication 28 suffixes, secondary unit) and rebuilt in Pub 28 abbreviations; ZIP+4 is cut to
 *   the ZIP; state is the USPS code (the row schema normalised it); the city is kept, so the same
 *   street in another city or ZIP never merges. Added here: unit designators (Apartment, Apt, Unit,
 *   "#", Suite, Room…) compare by the unit's identifier, a unit on its own line joins the street
 *   line, PO Box spellings, rural routes, ordinal street names (Fifth = 5th), Saint/Mount/Fort.
 *   The street (without house number and trailing unit) is parsed once per distinct street. If the
 *   parser drops any number the line held (a fraction, a unit), the line is compared as normalised
 *   text instead. Lines that are neither street, unit nor box (c/o, attention, a
 *   building name) stay in the key as text.
 * - Military (APO/FPO/DPO) and non-US addresses: normalised exact equality (case, spacing,
 *   punctuation and accents only).
 */
export function deliveryKey(
  a: Pick<PostalAddress, 'lines' | 'city' | 'state' | 'postalCode' | 'country' | 'military'>,
): string {
  if (a.country !== 'US' || a.military) {
    return [
      'X',
      a.country,
      squashText(a.postalCode ?? ''),
      squashText(a.state ?? ''),
      squashText(a.city),
      ...a.lines.map(squashText),
    ].join('|');
  }
  const zip = (a.postalCode ?? '').slice(0, 5);
  const city = cityKey(a.city);
  let street: string | undefined;
  let box: string | undefined;
  const units: string[] = [];
  const extras: string[] = [];
  for (const line of a.lines) {
    const text = upper(line);
    const po = PO_BOX.exec(text);
    if (po) {
      box = `BOX ${ident(po[1]!)}`;
      continue;
    }
    const rural = RURAL.exec(text);
    if (rural) {
      box = `RR ${ident(rural[1]!)} BOX ${ident(rural[2]!)}`;
      continue;
    }
    const unit = UNIT_LINE.exec(text);
    if (unit) {
      units.push(unitKey(unit[1]!, unit[2]));
      continue;
    }
    if (street === undefined && /^\d/.test(text)) {
      const parsed = parseStreet(text);
      street = parsed.street;
      units.push(...parsed.units);
      continue;
    }
    extras.push(squashText(line));
  }
  return [
    'US',
    zip,
    a.state ?? '',
    city,
    street ?? '',
    box ?? '',
    [...new Set(units)].sort().join(','),
    extras.join('/'),
  ].join('|');
}

/** Upper case, accents dropped, hyphens inside identifiers dropped, other punctuation (except # and /) as space, spaces collapsed. */
const ASCII = /^[\x20-\x7e]*$/;
const PLAIN = /^[A-Za-z0-9 ]*$/;

function upper(text: string): string {
  // Most lines are plain letters, digits and single spaces: nothing to do but upper-case them.
  if (PLAIN.test(text) && !text.includes('  ') && text.trim() === text) return text.toUpperCase();
  return (ASCII.test(text) ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .toUpperCase()
    .replace(/['\u2019`]/g, '') // O'Farrell = OFarrell
    .replace(/\b([A-Z])\.\s?(?=[A-Z]\.)/g, '$1') // N.E. = NE, P.O. = PO, R.R. = RR
    .replace(/([A-Z0-9])-(?=[A-Z0-9])/g, '$1') // "4-B" = "4B"
    .replace(/[^A-Z0-9#/ ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Normalised city names by their text (cities repeat across a file). Bounded; cleared when full. */
const cities = new Map<string, string>();

function cityKey(city: string): string {
  let key = cities.get(city);
  if (key === undefined) {
    key = words(city)
      .map((w) => CITY_WORDS[w] ?? w)
      .join(' ');
    if (cities.size >= 50_000) cities.clear();
    cities.set(city, key);
  }
  return key;
}

const words = (text: string) => upper(text).split(' ').filter(Boolean);

/** Normalised text for exact comparison: letters and digits in upper case, single spaces. */
function squashText(text: string): string {
  return upper(text).replace(/[#/]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A unit or box identifier: "4-B", "4 B" and "4b" are one identifier. */
const ident = (text: string) => text.replace(/[^A-Z0-9]/gi, '').toUpperCase();

// "P.O. Box 12", "PO Box 12", "Post Office Box 12", "POB 12", "P O Box #12", "Box 12", "Drawer 12"… upper() has turned "." into spaces.
const PO_BOX = /^(?:P\s?O\s?B|(?:P\s?O|POST\s+OFFICE)\s+(?:BOX|DRAWER)|BOX|DRAWER)\s*#?\s*([A-Z0-9-]+)$/;
// "RR 2 Box 15", "Rural Route 2 Box 15", "R R 2 Box 15", "HC 3 Box 7" (highway contract).
const RURAL =
  /^(?:R\s?R|RURAL\s+ROUTE|RT|ROUTE|H\s?C|HIGHWAY\s+CONTRACT)\s*#?\s*([A-Z0-9]+)\s+BOX\s*#?\s*([A-Z0-9-]+)$/;

/** Secondary unit designators (USPS Pub 28, appendix C2) that name a unit by its identifier. */
const UNIT_DESIGNATORS: Record<string, string> = {
  '#': '#',
  APT: '#',
  APARTMENT: '#',
  UNIT: '#',
  STE: '#',
  SUITE: '#',
  RM: '#',
  ROOM: '#',
  NO: '#',
  NUMBER: '#',
  FL: 'FL',
  FLOOR: 'FL',
  BLDG: 'BLDG',
  BUILDING: 'BLDG',
  DEPT: 'DEPT',
  DEPARTMENT: 'DEPT',
  LOT: 'LOT',
  SPC: 'SPC',
  SPACE: 'SPC',
  TRLR: 'TRLR',
  TRAILER: 'TRLR',
  PH: 'PH',
  PENTHOUSE: 'PH',
  HNGR: 'HNGR',
  HANGAR: 'HNGR',
  PIER: 'PIER',
  SLIP: 'SLIP',
  KEY: 'KEY',
  STOP: 'STOP',
  BOX: 'BOX',
  BSMT: 'BSMT',
  BASEMENT: 'BSMT',
  FRNT: 'FRNT',
  FRONT: 'FRNT',
  LOWR: 'LOWR',
  LOWER: 'LOWR',
  UPPR: 'UPPR',
  UPPER: 'UPPR',
  REAR: 'REAR',
  SIDE: 'SIDE',
  OFC: 'OFC',
  OFFICE: 'OFC',
  LBBY: 'LBBY',
  LOBBY: 'LBBY',
};
const UNIT_LINE = new RegExp(
  `^(${Object.keys(UNIT_DESIGNATORS).join('|')})(?:\\s*#)?\\s*([A-Z0-9-]+(?: ?[A-Z0-9])?)?$`,
);
/** A unit at the end of a street line, for lines the parser could not take apart. */
const UNIT_TRAIL = /\s(#|APT|APARTMENT|UNIT|STE|SUITE|RM|ROOM)\s*#?\s*([A-Z0-9]+)$/;

/** "Apartment 4-B" and "# 4b" are both "#4B"; a floor stays a floor. */
function unitKey(designator: string, id: string | undefined): string {
  const kind = UNIT_DESIGNATORS[designator.replace(/\s/g, '')] ?? designator;
  return `${kind}${id ? ident(id) : ''}`;
}

/** Ordinal street names and the words USPS abbreviates inside names (Saint Marks = St Marks). */
const NAME_WORDS: Record<string, string> = {
  FIRST: '1ST',
  SECOND: '2ND',
  THIRD: '3RD',
  FOURTH: '4TH',
  FIFTH: '5TH',
  SIXTH: '6TH',
  SEVENTH: '7TH',
  EIGHTH: '8TH',
  NINTH: '9TH',
  TENTH: '10TH',
  ELEVENTH: '11TH',
  TWELFTH: '12TH',
  THIRTEENTH: '13TH',
  FOURTEENTH: '14TH',
  FIFTEENTH: '15TH',
  SIXTEENTH: '16TH',
  SEVENTEENTH: '17TH',
  EIGHTEENTH: '18TH',
  NINETEENTH: '19TH',
  TWENTIETH: '20TH',
  SAINT: 'ST',
  MOUNT: 'MT',
  FORT: 'FT',
};
const CITY_WORDS: Record<string, string> = { SAINT: 'ST', MOUNT: 'MT', FORT: 'FT', SAINTE: 'STE' };

/**
 * Parsed street names by their text, without the house number and a trailing unit: "N MAIN ST"
 * is parsed once for every house on it (parsing is the costly step). Bounded; cleared when full.
 */
const parsedStreets = new Map<string, Parsed | undefined>();
const PARSED_STREETS_MAX = 200_000;

interface Parsed {
  readonly street: string; // prefix, name, type, suffix in Pub 28 form
  readonly unit?: string;
}

const HOUSE = /^(\d+[A-Z]?)\s+(.+)$/;

/** A street line (already upper()) as a house number, a street and its units. */
function parseStreet(line: string): { street: string; units: string[] } {
  const house = HOUSE.exec(line);
  if (!house) return fallback(line);
  let rest = house[2]!;
  const units: string[] = [];
  const trail = UNIT_TRAIL.exec(rest);
  if (trail) {
    units.push(unitKey(trail[1]!, trail[2]));
    rest = rest.slice(0, trail.index);
  }
  rest = abbreviateEnds(rest);
  let parsed = parsedStreets.get(rest);
  if (parsed === undefined && !parsedStreets.has(rest)) {
    parsed = parseStreetName(rest);
    if (parsedStreets.size >= PARSED_STREETS_MAX) parsedStreets.clear();
    parsedStreets.set(rest, parsed);
  }
  if (!parsed) return fallback(line);
  if (parsed.unit) units.push(parsed.unit);
  return { street: `${house[1]} ${parsed.street}`, units };
}

const SUFFIX_ABBR: Record<string, string> = {
  STREET: 'ST',
  AVENUE: 'AVE',
  ROAD: 'RD',
  DRIVE: 'DR',
  BOULEVARD: 'BLVD',
  LANE: 'LN',
  COURT: 'CT',
  PLACE: 'PL',
  TERRACE: 'TER',
  PARKWAY: 'PKWY',
  CIRCLE: 'CIR',
  HIGHWAY: 'HWY',
  SQUARE: 'SQ',
  TRAIL: 'TRL',
};
const SUFFIX_WORDS = new Set([...Object.keys(SUFFIX_ABBR), ...Object.values(SUFFIX_ABBR)]);
const DIRECTION_ABBR: Record<string, string> = {
  NORTH: 'N',
  SOUTH: 'S',
  EAST: 'E',
  WEST: 'W',
  NORTHEAST: 'NE',
  NORTHWEST: 'NW',
  SOUTHEAST: 'SE',
  SOUTHWEST: 'SW',
};

/**
 * Pub 28 abbreviations at the ends of a street, before parsing: "NORTH MAIN STREET" and "N MAIN
 * ST" are one parse. Only where the word cannot be the street's name: a suffix after a name, a
 * leading direction before a name and a suffix, a trailing direction after a suffix.
 */
function abbreviateEnds(rest: string): string {
  const t = rest.split(' ');
  let last = t.length - 1;
  if (t.length >= 3 && DIRECTION_ABBR[t[last]!] && SUFFIX_WORDS.has(t[last - 1]!)) {
    t[last] = DIRECTION_ABBR[t[last]!]!;
    last--;
  }
  if (last >= 1 && SUFFIX_ABBR[t[last]!]) t[last] = SUFFIX_ABBR[t[last]!]!;
  if (t.length >= 3 && DIRECTION_ABBR[t[0]!]) t[0] = DIRECTION_ABBR[t[0]!]!;
  return t.join(' ');
}

/**
 * parse-address on "1 <street>" (a fixed house number and place: the street's parse does not
 * depend on them). Undefined when the parser fails or drops a number the text held
 * ("1/2 Main St": 123 1/2 Main St is not 123 Main St).
 */
function parseStreetName(rest: string): Parsed | undefined {
  const p = addressParser.parseLocation(`1 ${rest}, Anytown, TX 75001`);
  if (p?.number !== '1' || !p.street) return undefined;
  const name = words(p.street).map((w) => NAME_WORDS[w] ?? w);
  const street = [p.prefix, ...name, p.type, p.suffix].filter(Boolean).join(' ').toUpperCase();
  const unit = p.sec_unit_type ? unitKey(upper(p.sec_unit_type).replace(/\s/g, ''), p.sec_unit_num) : undefined;
  const kept = new Set(`${street} ${unit ?? ''}`.match(/\d+/g));
  return (rest.match(/\d+/g) ?? []).every((n) => kept.has(n)) ? { street, unit } : undefined;
}

/** The line as normalised text (with Pub 28 words), for lines the parser cannot take apart. */
function fallback(line: string): { street: string; units: string[] } {
  const trail = UNIT_TRAIL.exec(line);
  const text = trail ? line.slice(0, trail.index) : line;
  return {
    street: `=${squashText(text)
      .split(' ')
      .map((w) => STREET_WORDS[w] ?? NAME_WORDS[w] ?? w)
      .join(' ')}`,
    units: trail ? [unitKey(trail[1]!, trail[2])] : [],
  };
}

/** Pub 28 abbreviations for the text fallback (the parser's own tables are not exported). */
const STREET_WORDS: Record<string, string> = {
  STREET: 'ST',
  STR: 'ST',
  AVENUE: 'AVE',
  AV: 'AVE',
  ROAD: 'RD',
  DRIVE: 'DR',
  BOULEVARD: 'BLVD',
  LANE: 'LN',
  COURT: 'CT',
  PLACE: 'PL',
  HIGHWAY: 'HWY',
  PARKWAY: 'PKWY',
  CIRCLE: 'CIR',
  TERRACE: 'TER',
  SQUARE: 'SQ',
  TRAIL: 'TRL',
  NORTH: 'N',
  SOUTH: 'S',
  EAST: 'E',
  WEST: 'W',
  NORTHEAST: 'NE',
  NORTHWEST: 'NW',
  SOUTHEAST: 'SE',
  SOUTHWEST: 'SW',
  APARTMENT: '#',
  APT: '#',
  UNIT: '#',
  SUITE: '#',
  STE: '#',
  ROOM: '#',
  RM: '#',
};
