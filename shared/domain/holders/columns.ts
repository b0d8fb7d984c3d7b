/**
 * The columns of the holder files (docs/file-formats.md "Holder files"), apart from their row
 * schemas (schema.ts): a reader that only needs the columns loads no schema library.
 */

export const REGISTERED_COLUMNS = [
  'account_id',
  'name',
  'co_owner',
  'address_line1',
  'address_line2',
  'address_line3',
  'city',
  'state',
  'postal_code',
  'country',
  'shares',
  'email',
  'edelivery_consent',
  'householding_consent',
  'delivery_election',
] as const;
export const REGISTERED_REQUIRED = ['account_id', 'name', 'address_line1', 'city', 'shares'] as const;

export const NOMINEE_COLUMNS = [
  'nominee_name',
  'dtc_participant',
  'sets_requested',
  'shares',
  'address_line1',
  'address_line2',
  'address_line3',
  'city',
  'state',
  'postal_code',
  'country',
] as const;
export const NOMINEE_REQUIRED = ['nominee_name', 'dtc_participant', 'sets_requested', 'address_line1', 'city'] as const;

/** A CSV header as every file reader matches it: no byte-order mark, trimmed, lower case, spaces and hyphens as `_`. */
export const normaliseColumn = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
