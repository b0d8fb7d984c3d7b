import type { PostalAddress } from '../holders/address.js';
import { BOX_WORDS, DIRECTIONALS, ROUTE_WORDS, SECONDARY_UNITS, STREET_SUFFIXES } from './pub28.js';

/**
 * Which holder records share one delivery address (householding, Rule 14a-3(e)(1)).
 *
 * Two addresses match when their delivery keys are equal, so grouping is one pass with a map.
 * A wrong merge sends one person's materials to a stranger while a missed merge only costs a
 * copy, so the key errs towards keeping apart: it rewrites an address into USPS Publication 28
 * standard form (tables in pub28.ts) and never drops a word it cannot place.
 * - US addresses: every line is read as one of
 *   - a PO box ("P.O. Box 12", "POB 12", "Post Office Box #12" → BOX 12);
 *   - a rural or highway-contract route, with its box on the same line or on another
 *     ("RR 2 Box 152", "R.R. #2" + "Box 152", "Rural Route 2 Box 152" → RR 2 BOX 152);
 *   - secondary units alone (Pub 28 C2: "Apt 4", "#4", "Suite 200", "Fl 3", "3rd Floor", "Rear"),
 *     on any line, above or below the street;
 *   - the street line (it opens with the house number): number, pre-directional, name, suffix
 *     (C1), post-directional, then any units. Directionals are abbreviated (North West, Northwest,
 *     N.W. → NW) where they stand before or after a name; the suffix is the C1 abbreviation; the
 *     words of the name are written one way: Saint → ST, C1 words (Mount → MT, Fort → FT,
 *     Highway → HWY; never a plural folded into its singular), ordinals in figures (Fifth,
 *     Twenty-Seventh, Twenty Seventh → 5TH, 27TH). A directional that is the whole name stays
 *     as written (N Street is not North Street);
 *   - anything else (c/o, attention, a building name) stays in the key as text.
 *   Units compare by designator class and identifier: Apartment, Apt, Unit, Suite, Room and "#"
 *   name a unit by its identifier ("#4" = "Apt 4"); a floor, a building, a lot… stay what they are.
 *   ZIP+4 is cut to the ZIP; state is the USPS code (the row schema normalised it); the city is
 *   kept (Saint/Mount/Fort abbreviated), so the same street in another city or ZIP never merges.
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
  let street: string | undefined;
  let box: string | undefined;
  let route: string | undefined;
  let units: string[] | undefined;
  let extras: string[] | undefined;
  for (const line of a.lines) {
    const t = tokens(line);
    if (t.length === 0) continue;
    const delivery = routeOrBox(t);
    if (delivery) {
      if (delivery.route) route = delivery.route;
      if (delivery.box) box = delivery.box;
      continue;
    }
    const lineUnits = unitsFrom(t, 0);
    if (lineUnits) {
      (units ??= []).push(...lineUnits);
      continue;
    }
    if (street === undefined && isDigit(t[0]!.charCodeAt(0))) {
      const s = streetLine(t);
      street = s.street;
      if (s.units.length) (units ??= []).push(...s.units);
      continue;
    }
    (extras ??= []).push(t.join(' '));
  }
  const delivery = route ? `${route} BOX ${box ?? ''}` : box ? `BOX ${box}` : '';
  const unitKey = !units ? '' : units.length === 1 ? units[0]! : [...new Set(units)].sort().join(',');
  // Joined (one flat string), not a template (a rope of its parts): the key is kept for every distinct address.
  return [
    'US',
    zip,
    a.state ?? '',
    cityKey(a.city),
    street ?? '',
    delivery,
    unitKey,
    extras ? extras.join('/') : '',
  ].join('|');
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const ASCII = /^[\x20-\x7e]*$/;
const PLAIN = /^[A-Za-z0-9 ]*$/;
const DOUBLE_SPACE = /\s\s/;
const INITIALS = /\b([A-Z])\.\s?(?=[A-Z]\.)/g;
const JOINING_HYPHEN = /([A-Z0-9])-(?=[A-Z0-9])/g;
const APOSTROPHES = /['\u2019`]/g;
const HAS_APOSTROPHE = /['`]/;
const PUNCTUATION = /[^A-Z0-9#/ ]+/g;
const HASH = /#/g;
const SPACES = /\s+/g;
const ACCENTS = /[\u0300-\u036f]/g;

/**
 * Upper case, accents dropped, initials closed up (N.E. = NE, P.O. = PO, R.R. = RR), hyphens and
 * apostrophes inside words dropped ("4-B" = "4B", O'Farrell = OFarrell, Twenty-Seventh =
 * TwentySeventh), "#" a word of its own, other punctuation as space, spaces collapsed.
 */
function upper(text: string): string {
  // Most lines are plain letters, digits and single spaces: nothing to do but upper-case them.
  if (PLAIN.test(text) && !DOUBLE_SPACE.test(text) && text.trim() === text) return text.toUpperCase();
  return (ASCII.test(text) ? text : text.normalize('NFKD').replace(ACCENTS, ''))
    .toUpperCase()
    .replace(APOSTROPHES, '')
    .replace(INITIALS, '$1')
    .replace(JOINING_HYPHEN, '$1')
    .replace(PUNCTUATION, ' ')
    .replace(HASH, ' # ')
    .replace(SPACES, ' ')
    .trim();
}

/** The words of a line as upper() writes them, split at its spaces. */
function tokens(line: string): string[] {
  const fast = scanTokens(line) ?? (HAS_APOSTROPHE.test(line) ? scanTokens(line.replace(APOSTROPHES, '')) : undefined);
  if (fast) return fast;
  const text = upper(line);
  return text === '' ? [] : text.split(' ');
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number) => isLetter(c) || isDigit(c);

/**
 * upper() and the split in one pass over the characters, for a line of ASCII letters, digits,
 * spaces and . , - # / only (apostrophes already dropped); undefined for any other line. The same
 * words as upper(): a word is a run of letters, digits and "/"; "#" is a word of its own; a
 * space, a comma, a dot or a hyphen ends a word, except the dot (and the space after it) of an
 * initial before another initial (N.E., P. O.) and a hyphen between two letters or figures, which
 * are dropped.
 */
function scanTokens(line: string): string[] | undefined {
  const text = line.toUpperCase();
  const n = text.length;
  const out: string[] = [];
  let start = 0; // of the current piece of a word
  let word = ''; // the pieces of the current word before `start` (a dropped dot or hyphen splits a word)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isAlnum(c) || c === 47) continue;
    if (c === 46) {
      // An initial (a letter at a word's start) and its dot before another initial: closed up.
      const prev = i >= 1 ? text.charCodeAt(i - 1) : 0;
      if (isLetter(prev) && (i < 2 || !isAlnum(text.charCodeAt(i - 2)))) {
        const j = text.charCodeAt(i + 1) === 32 ? i + 2 : i + 1;
        if (j + 1 < n && isLetter(text.charCodeAt(j)) && text.charCodeAt(j + 1) === 46) {
          word += text.slice(start, i);
          start = j;
          i = j - 1;
          continue;
        }
      }
    } else if (c === 45) {
      // A hyphen inside a word: dropped.
      if (i >= 1 && i + 1 < n && isAlnum(text.charCodeAt(i - 1)) && isAlnum(text.charCodeAt(i + 1))) {
        word += text.slice(start, i);
        start = i + 1;
        continue;
      }
    } else if (c !== 32 && c !== 44 && c !== 35) return undefined;
    pushWord(out, word, text, start, i);
    word = '';
    if (c === 35) out.push('#');
    start = i + 1;
  }
  pushWord(out, word, text, start, n);
  return out;
}

/** The word made of `word` and text[start, end), if any. */
function pushWord(out: string[], word: string, text: string, start: number, end: number): void {
  if (start < end) out.push(word === '' ? text.slice(start, end) : word + text.slice(start, end));
  else if (word !== '') out.push(word);
}

/** Normalised text for exact comparison: letters and digits in upper case, single spaces. */
function squashText(text: string): string {
  return upper(text).replace(/[#/]/g, ' ').replace(SPACES, ' ').trim();
}

/** Normalised city names by their text (cities repeat across a file). Bounded; cleared when full. */
const cities = new Map<string, string>();
/**
 * A Map, not an object: a word looked up as an object's property is made an internalized string,
 * and a key joined from such a word is written two bytes a character.
 */
const CITY_WORDS = new Map([
  ['SAINT', 'ST'],
  ['MOUNT', 'MT'],
  ['FORT', 'FT'],
  ['SAINTE', 'STE'],
]);

function cityKey(city: string): string {
  let key = cities.get(city);
  if (key === undefined) {
    key = tokens(city)
      .map((w) => CITY_WORDS.get(w) ?? w)
      .join(' ');
    if (cities.size >= 50_000) cities.clear();
    cities.set(city, key);
  }
  return key;
}

// ---------------------------------------------------------------------------------------------
// Pub 28 tables, as lookups.

/** Every C1 spelling → its standard abbreviation (the suffix at a street's end). */
const SUFFIX = new Map<string, string>();
/**
 * The C1 spellings folded inside a street's name: the same word written another way, never a
 * plural folded into its singular (Parks Rd is not Park Rd, though both end in the suffix PARK).
 */
const NAME_WORD = new Map<string, string>([['SAINT', 'ST']]);
for (const [standard, spellings] of Object.entries(STREET_SUFFIXES)) {
  SUFFIX.set(standard, standard);
  NAME_WORD.set(standard, standard);
  for (const s of spellings) {
    SUFFIX.set(s, standard);
    if (!(s.endsWith('S') && !standard.endsWith('S'))) NAME_WORD.set(s, standard);
  }
}

const DIRECTION = new Map<string, string>();
for (const [abbr, word] of Object.entries(DIRECTIONALS)) {
  DIRECTION.set(abbr, abbr);
  DIRECTION.set(word, abbr);
}
/** A north/south and an east/west word that together are one directional (North West = NW). */
function combined(a: string | undefined, b: string | undefined): string | undefined {
  const x = a === undefined ? undefined : DIRECTION.get(a);
  const y = b === undefined ? undefined : DIRECTION.get(b);
  return (x === 'N' || x === 'S') && (y === 'E' || y === 'W') ? `${x}${y}` : undefined;
}

/**
 * Unit designators by class: those that name a unit by its identifier alone are one class, "#"
 * ("Apt 4" = "Unit 4" = "Suite 4" = "#4"); the others (a floor, a building, a lot…) each their own.
 */
const UNIT = new Map<string, { kind: string; range: boolean }>([
  ['#', { kind: '#', range: true }],
  ['NO', { kind: '#', range: true }],
  ['NUMBER', { kind: '#', range: true }],
]);
const BY_IDENTIFIER = new Set(['APT', 'UNIT', 'STE', 'RM']);
for (const [standard, d] of Object.entries(SECONDARY_UNITS)) {
  const kind = BY_IDENTIFIER.has(standard) ? '#' : standard;
  for (const s of [standard, ...d.spellings]) UNIT.set(s, { kind, range: d.range });
}
// A penthouse may be numbered (PH 2) or not.
const OPTIONAL_RANGE = new Set(['PH']);

// Ordinals in words, 1st to 99th: "FIFTH", "TWENTY SEVENTH" (two words), "TWENTYSEVENTH" (a hyphen closed up).
const UNITS_ORD = ['FIRST', 'SECOND', 'THIRD', 'FOURTH', 'FIFTH', 'SIXTH', 'SEVENTH', 'EIGHTH', 'NINTH'];
const TEENS_ORD = [
  'TENTH',
  'ELEVENTH',
  'TWELFTH',
  'THIRTEENTH',
  'FOURTEENTH',
  'FIFTEENTH',
  'SIXTEENTH',
  'SEVENTEENTH',
  'EIGHTEENTH',
  'NINETEENTH',
];
const TENS = ['TWENTY', 'THIRTY', 'FORTY', 'FIFTY', 'SIXTY', 'SEVENTY', 'EIGHTY', 'NINETY'];
const TENS_ORD = ['TWENTIETH', 'THIRTIETH', 'FORTIETH', 'FIFTIETH', 'SIXTIETH', 'SEVENTIETH', 'EIGHTIETH', 'NINETIETH'];
const ordinal = (n: number) => {
  const last = n % 10;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'TH' : last === 1 ? 'ST' : last === 2 ? 'ND' : last === 3 ? 'RD' : 'TH'}`;
};
const ORDINAL_WORD = new Map<string, string>();
UNITS_ORD.forEach((w, i) => ORDINAL_WORD.set(w, ordinal(i + 1)));
TEENS_ORD.forEach((w, i) => ORDINAL_WORD.set(w, ordinal(i + 10)));
TENS_ORD.forEach((w, i) => ORDINAL_WORD.set(w, ordinal((i + 2) * 10)));
TENS.forEach((t, i) => UNITS_ORD.forEach((u, j) => ORDINAL_WORD.set(`${t}${u}`, ordinal((i + 2) * 10 + j + 1))));
const TENS_VALUE = new Map(TENS.map((t, i) => [t, (i + 2) * 10]));
const ORDINAL_FIGURE = /^(\d+)(?:ST|ND|RD|TH)$/;

/** ORDINAL_FIGURE.test(w), without a regex: figures, then ST, ND, RD or TH. */
function isOrdinalFigure(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  const a = w.charCodeAt(n - 2);
  const b = w.charCodeAt(n - 1);
  const suffix = b === 68 ? a === 78 || a === 82 : (a === 83 && b === 84) || (a === 84 && b === 72);
  return suffix && figures(w, 0, n - 2);
}

/** A line's words that are one ordinal, from `i`: the figure form and how many words it took. */
function ordinalAt(t: readonly string[], i: number): { value: string; width: number } | undefined {
  const w = t[i]!;
  const tens = TENS_VALUE.get(w);
  if (tens !== undefined && i + 1 < t.length) {
    const u = UNITS_ORD.indexOf(t[i + 1]!);
    if (u >= 0) return { value: ordinal(tens + u + 1), width: 2 };
  }
  const word = ORDINAL_WORD.get(w);
  return word ? { value: word, width: 1 } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Lines.

const ROUTE_PHRASES = Object.entries(ROUTE_WORDS)
  .map(([phrase, kind]) => ({ words: phrase.split(' '), kind }))
  .sort((a, b) => b.words.length - a.words.length);
const BOX_PHRASES = BOX_WORDS.map((p) => p.split(' ')).sort((a, b) => b.length - a.length);
const OPENS_ROUTE_OR_BOX = new Set([...ROUTE_PHRASES.map((p) => p.words[0]!), ...BOX_PHRASES.map((p) => p[0]!)]);

function phraseAt(t: readonly string[], i: number, words: readonly string[]): boolean {
  if (i + words.length > t.length) return false;
  for (let k = 0; k < words.length; k++) if (t[i + k] !== words[k]) return false;
  return true;
}

/** An identifier: a word with a figure, or a single letter. */
const IDENT = /^(?:[A-Z]?\d[A-Z0-9]*|[A-Z])$/;

/** An identifier at `i` (after an optional "#"), with a trailing single letter ("4 B" = "4B"). */
function identAt(t: readonly string[], i: number): { id: string; next: number } | undefined {
  if (t[i] === '#') i++;
  const w = t[i];
  if (w === undefined || !IDENT.test(w)) return undefined;
  const after = t[i + 1];
  if (after !== undefined && after.length === 1 && /[A-Z]/.test(after) && /\d$/.test(w))
    return { id: `${w}${after}`, next: i + 2 };
  return { id: w, next: i + 1 };
}

/**
 * A whole line that is a rural/highway-contract route and/or a box: "RR 2 BOX 15", "RURAL ROUTE
 * # 2", "BOX 15", "PO BOX 15". Undefined for any other line (a road named Route 66 has a house
 * number, or more words).
 */
function routeOrBox(t: readonly string[]): { route?: string; box?: string } | undefined {
  if (!OPENS_ROUTE_OR_BOX.has(t[0]!)) return undefined;
  let i = 0;
  let route: string | undefined;
  for (const p of ROUTE_PHRASES) {
    if (!phraseAt(t, 0, p.words)) continue;
    const id = identAt(t, p.words.length);
    if (!id) break;
    route = `${p.kind} ${id.id}`;
    i = id.next;
    break;
  }
  let box: string | undefined;
  if (i < t.length) {
    for (const p of BOX_PHRASES) {
      if (!phraseAt(t, i, p)) continue;
      const id = identAt(t, i + p.length);
      if (!id) return undefined;
      box = id.id;
      i = id.next;
      break;
    }
  }
  if (i !== t.length || (!route && !box)) return undefined;
  return { route, box };
}

/**
 * The words from `from` to the end as secondary units (C2), or undefined if any word is not part
 * of one: "APT 4", "# 4 B", "STE 200", "FL 3", "3RD FL", "THIRD FLOOR", "REAR", "BLDG 2 APT 4".
 */
function unitsFrom(t: readonly string[], from: number): string[] | undefined {
  const out: string[] = [];
  let i = from;
  while (i < t.length) {
    const w = t[i]!;
    const d = UNIT.get(w);
    if (d) {
      const id = d.range ? identAt(t, i + 1) : undefined;
      if (id) {
        out.push(`${d.kind}${d.kind === 'FL' ? floorNumber(id.id) : id.id}`);
        i = id.next;
        continue;
      }
      if (d.range && !OPTIONAL_RANGE.has(w)) {
        // "FL 3RD", "FLOOR THIRD": the ordinal is the floor.
        const ord = d.kind === 'FL' && i + 1 < t.length ? ordinalAt(t, i + 1) : undefined;
        if (!ord) return undefined;
        out.push(`FL${floorNumber(ord.value)}`);
        i += 1 + ord.width;
        continue;
      }
      out.push(d.kind);
      i++;
      continue;
    }
    // "3RD FLOOR", "THIRD FL", "TWENTY SEVENTH FLOOR".
    const ord = isOrdinalFigure(w) ? { value: w, width: 1 } : ordinalAt(t, i);
    if (ord && UNIT.get(t[i + ord.width]!)?.kind === 'FL') {
      out.push(`FL${floorNumber(ord.value)}`);
      i += ord.width + 1;
      continue;
    }
    return undefined;
  }
  return out.length ? out : undefined;
}

const floorNumber = (id: string) => ORDINAL_FIGURE.exec(id)?.[1] ?? id;

/** Whether text[from, to) is all figures, and not empty. */
function figures(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** A house number: figures with a letter ("12B"). */
function isHouse(w: string): boolean {
  const n = w.length;
  const c = w.charCodeAt(n - 1);
  return figures(w, 0, c >= 65 && c <= 90 ? n - 1 : n);
}

/** A fraction after a house number ("123 1/2"). */
function isFraction(w: string): boolean {
  const slash = w.indexOf('/');
  return slash > 0 && figures(w, 0, slash) && figures(w, slash + 1, w.length);
}

const NO_UNITS: readonly string[] = [];

/** A street line's words (the first opens with a figure) as its Pub 28 form and its units. */
function streetLine(t: readonly string[]): { street: string; units: readonly string[] } {
  let i = 1;
  let number = t[0]!;
  if (!isHouse(number)) return { street: `=${t.join(' ')}`, units: NO_UNITS };
  if (i < t.length && isFraction(t[i]!)) number = `${number} ${t[i++]}`;
  const rest = streetRest(t, i);
  return { street: rest.street === '' ? number : `${number} ${rest.street}`, units: rest.units };
}

/** The words from `from` (after the house number): directionals, name, suffix, directional, units. */
function streetRest(t: readonly string[], from: number): { street: string; units: readonly string[] } {
  // Units at the end, after at least one word of the street: the earliest place the rest reads as units.
  let end = t.length;
  let units: readonly string[] = NO_UNITS;
  for (let k = from + 1; k < t.length; k++) {
    const word = t[k]!;
    if (!UNIT.has(word) && !isOrdinalFigure(word) && !ORDINAL_WORD.has(word) && !TENS_VALUE.has(word)) continue;
    const u = unitsFrom(t, k);
    // A street must keep a word that is not a directional ("100 N Front" is N Front St, not a front unit).
    if (u && !allDirections(t, from, k)) {
      end = k;
      units = u;
      break;
    }
  }
  const w = t.slice(from, end);
  let pre: string | undefined;
  let post: string | undefined;
  let suffix: string | undefined;
  let first = 0;
  let last = w.length; // exclusive
  // Post-directional after at least one other word: "MAIN ST NORTH WEST", "MAIN ST NW".
  const twoAfter = combined(w[last - 2], w[last - 1]);
  if (twoAfter && last - 2 >= 1) {
    post = twoAfter;
    last -= 2;
  } else if (last >= 2 && DIRECTION.has(w[last - 1]!)) {
    post = DIRECTION.get(w[last - 1]!);
    last -= 1;
  }
  // The suffix, after at least one word of the name.
  if (last >= 2 && SUFFIX.has(w[last - 1]!)) {
    suffix = SUFFIX.get(w[last - 1]!);
    last -= 1;
  }
  // Pre-directional before at least one word of the name: "NORTH WEST OAK", "N OAK".
  const twoBefore = combined(w[0], w[1]);
  if (twoBefore && last - 2 >= 1) {
    pre = twoBefore;
    first = 2;
  } else if (last - first >= 2 && DIRECTION.has(w[0]!)) {
    pre = DIRECTION.get(w[0]!);
    first = 1;
  }
  // The words, one space apart (none is empty).
  let street = pre ?? '';
  for (let k = first; k < last;) {
    const ord = ordinalAt(w, k);
    let word: string;
    if (ord) {
      word = ord.value;
      k += ord.width;
    } else {
      // A single name word that is a directional stays as written; elsewhere words take their one spelling.
      word = last - first === 1 && DIRECTION.has(w[k]!) ? w[k]! : (NAME_WORD.get(w[k]!) ?? w[k]!);
      k++;
    }
    street = street === '' ? word : `${street} ${word}`;
  }
  if (suffix !== undefined) street = street === '' ? suffix : `${street} ${suffix}`;
  if (post !== undefined) street = street === '' ? post : `${street} ${post}`;
  return { street, units };
}

/** Whether the words from `from` to `to` are all directionals. */
function allDirections(t: readonly string[], from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (!DIRECTION.has(t[j]!)) return false;
  return true;
}
