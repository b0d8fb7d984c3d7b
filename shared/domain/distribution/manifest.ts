import type { Piece } from './plan.js';

/**
 * The print-and-mail vendor's manifest: one row per mail piece (docs/file-formats.md "Print manifests"). The clear
 * control numbers of the proxy cards a piece encloses are in it: the manifest is one of the two
 * ways they leave the platform (the other is the email to the holder).
 */
export const MANIFEST_COLUMNS = [
  'piece_id',
  'recipient',
  'content',
  'sets',
  'addressee_1',
  'addressee_2',
  'addressee_3',
  'addressee_4',
  'address_line1',
  'address_line2',
  'address_line3',
  'city',
  'state',
  'postal_code',
  'country',
  'proxy_cards',
  'control_numbers',
  'document',
] as const;

/**
 * A cell a spreadsheet would read as a formula is made text: a leading =, +, -, @, tab or carriage
 * return gets a leading apostrophe (OWASP "CSV injection").
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The manifest row of a mail piece; `controlNumbers` are the clear numbers of its accounts, in order. */
export function manifestRow(piece: Piece, controlNumbers: readonly string[], document: string): string[] {
  if (piece.channel !== 'mail' || !piece.address) throw new Error(`piece ${piece.id} is not a mail piece`);
  const a = piece.address;
  const addressee = [
    ...piece.addressee.slice(0, 3),
    piece.addressee.length > 4 ? `and ${piece.addressee.length - 3} more` : (piece.addressee[3] ?? ''),
  ];
  while (addressee.length < 4) addressee.push('');
  return [
    piece.id,
    piece.recipient,
    piece.content,
    String(piece.sets ?? 1),
    ...addressee,
    a.lines[0] ?? '',
    a.lines[1] ?? '',
    a.lines[2] ?? '',
    a.city,
    a.state ?? '',
    a.postalCode ?? '',
    a.country,
    String(piece.accounts.length),
    controlNumbers.join(' '),
    document,
  ].map(escapeFormula);
}
