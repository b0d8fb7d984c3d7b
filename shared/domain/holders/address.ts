// The library without its locales (the package's Node entry registers all of them, about 80 files, at load):
// country names are read in English only.
import countries from 'i18n-iso-countries/index.js';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(en);

/** A postal address as validated and normalised (holders, nominees, mail pieces). */
export interface PostalAddress {
  readonly lines: string[];
  readonly city: string;
  /** USPS code for US addresses (incl. territories and AA/AE/AP); free text abroad, or absent. */
  readonly state?: string;
  readonly postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly military: boolean;
}

/**
 * Address normalisation for holder lists: real files are messy where they are still valid.
 * Countries arrive as codes or names (US, USA, United States); US states as codes or names;
 * military mail uses the APO/FPO/DPO "cities" with the AA/AE/AP "states".
 */

const US_STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  // Territories served by USPS with US ZIP codes.
  AS: 'American Samoa',
  GU: 'Guam',
  MP: 'Northern Mariana Islands',
  PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
  FM: 'Federated States of Micronesia',
  MH: 'Marshall Islands',
  PW: 'Palau',
  // Armed Forces (military mail).
  AA: 'Armed Forces Americas',
  AE: 'Armed Forces Europe',
  AP: 'Armed Forces Pacific',
};

const MILITARY_STATES = new Set(['AA', 'AE', 'AP']);
const MILITARY_CITIES = new Set(['APO', 'FPO', 'DPO']);

const STATE_BY_NAME = new Map(Object.entries(US_STATES).map(([code, name]) => [squash(name), code]));
STATE_BY_NAME.set(squash('Virgin Islands'), 'VI');
STATE_BY_NAME.set(squash('Washington DC'), 'DC');
STATE_BY_NAME.set(squash('Washington D.C.'), 'DC');

/** Lower-case letters and digits only: "U.S.A." → "usa", "New  York" → "newyork". */
function squash(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const WHITESPACE = /[\s\u00a0]+/g;

/** Trims and collapses runs of whitespace; keeps accents, commas and quotes as given. */
export function clean(text: string | undefined): string {
  if (text === undefined) return '';
  // Most fields are clean already: one look at the characters instead of a rewrite.
  return unclean(text) ? text.replace(WHITESPACE, ' ').trim() : text;
}

/** Whether text has whitespace (JavaScript's \s) at an end, two together, or any but the plain space. */
function unclean(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  if (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(n - 1))) return true;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (space) return true;
      space = true;
      continue;
    }
    if (isSpace(c)) return true;
    space = false;
  }
  return false;
}

/** JavaScript's \s. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const US_ALIASES = new Set(['us', 'usa', 'unitedstates', 'unitedstatesofamerica', 'america', 'ustates']);

/**
 * Remembers a normalisation by its input: files repeat the same few country and state spellings
 * on every row. Bounded; cleared when full.
 */
function memo(fn: (raw: string) => string | undefined): (raw: string) => string | undefined {
  const seen = new Map<string, string | undefined>();
  return (raw) => {
    const known = seen.get(raw);
    if (known !== undefined || seen.has(raw)) return known;
    const out = fn(raw);
    if (seen.size >= 10_000) seen.clear();
    seen.set(raw, out);
    return out;
  };
}

/** ISO 3166-1 alpha-2 code for a country code or English name; undefined if unknown. */
export const normaliseCountry = memo(countryCode);

/** Two-letter USPS code for a US state, territory or military "state" given as code or name. */
export const normaliseUsState = memo(usStateCode);

function countryCode(raw: string): string | undefined {
  const text = clean(raw);
  if (text === '') return 'US';
  if (US_ALIASES.has(squash(text))) return 'US';
  const upper = text.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && countries.isValid(upper)) return upper === 'UK' ? 'GB' : upper;
  if (upper === 'UK') return 'GB';
  if (/^[A-Z]{3}$/.test(upper) && countries.isValid(upper)) return countries.toAlpha2(upper);
  return countries.getAlpha2Code(text, 'en');
}

function usStateCode(raw: string): string | undefined {
  const text = clean(raw);
  const upper = text.replace(/\./g, '').toUpperCase();
  if (upper.length === 2 && US_STATES[upper]) return upper;
  return STATE_BY_NAME.get(squash(text));
}

export function isMilitary(city: string, state: string): boolean {
  // The military "cities" have three letters (no other text upper-cases to one of them).
  return MILITARY_STATES.has(state) || (city.length === 3 && MILITARY_CITIES.has(city.toUpperCase()));
}

/** "12345", "12345-6789" or "123456789" → "12345" / "12345-6789"; undefined otherwise. */
export function normaliseZip(raw: string): string | undefined {
  // Most are five figures, or five, a hyphen and four.
  if (
    (raw.length === 5 || (raw.length === 10 && raw.charCodeAt(5) === 45)) &&
    figures(raw, 0, 5) &&
    figures(raw, 6, 10)
  )
    return raw;
  const digits = clean(raw).replace(/\s/g, '');
  const m = /^(\d{5})(?:-?(\d{4}))?$/.exec(digits);
  if (!m) return undefined;
  return m[2] ? `${m[1]}-${m[2]}` : m[1];
}

/** Whether text[from, to) is all figures (ASCII 0–9). */
function figures(text: string, from: number, to: number): boolean {
  for (let i = from; i < Math.min(to, text.length); i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A problem with one column of a row. */
export interface ColumnIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * The address columns of a row checked and normalised, without a schema library: the same
 * checks, messages and order as the row schemas' address (schema.ts), for the paths that check
 * many rows and little else (grouping a file into households). Problems are added to `issues`.
 */
export function checkAddress(
  raw: Readonly<Record<string, string | undefined>>,
  issues: ColumnIssue[],
): PostalAddress | undefined {
  const lines: string[] = [];
  for (const line of [raw.address_line1, raw.address_line2, raw.address_line3]) {
    const l = clean(line);
    if (l) lines.push(l);
  }
  const city = clean(raw.city);
  const country = normaliseCountry(raw.country ?? '');
  if (!country) {
    issues.push({
      field: 'country',
      message: `unknown country "${clean(raw.country)}" (use an ISO code such as US, CA, GB, or the English name)`,
    });
    return undefined;
  }
  if (!lines.length) issues.push({ field: 'address_line1', message: 'address_line1 is required' });
  if (!city) issues.push({ field: 'city', message: 'city is required' });
  if (country !== 'US') {
    return {
      lines,
      city,
      state: clean(raw.state) || undefined,
      postalCode: clean(raw.postal_code) || undefined,
      country,
      military: false,
    };
  }
  const state = normaliseUsState(raw.state ?? '');
  if (!state) {
    issues.push({
      field: 'state',
      message: clean(raw.state)
        ? `"${clean(raw.state)}" is not a US state, territory or AA/AE/AP`
        : 'state is required for a US address',
    });
  }
  const zip = normaliseZip(raw.postal_code ?? '');
  if (!zip) {
    const given = clean(raw.postal_code);
    issues.push({
      field: 'postal_code',
      message: !given
        ? 'postal_code is required for a US address'
        : /^\d{4}$/.test(given)
          ? `"${given}" has 4 digits; a US ZIP has 5 (a leading zero may have been lost in a spreadsheet)`
          : `"${given}" is not a US ZIP code (12345 or 12345-6789)`,
    });
  }
  if (!state || !zip) return undefined;
  return { lines, city, state, postalCode: zip, country, military: isMilitary(city, state) };
}
