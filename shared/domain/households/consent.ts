import { parseFullName } from 'parse-full-name';
import { Temporal, type PlainDate } from '../calendar/dates.js';
import { householdingRevocationDeadline, impliedConsentEarliestStart } from '../calendar/clocks.js';

/**
 * The householding consent lifecycle of one holder (Rule 14a-3(e)(1); docs/rules.md).
 *
 * The holder file brings the transfer agent's record (`householding_consent`); what happens here
 * afterwards is kept as dated events on the holder and wins over the file from its date on.
 */
export type ConsentBasis = 'affirmative' | 'implied' | 'revoked' | 'none';

/** Dated householding events recorded for a holder (ISO calendar dates, days in the issuer's zone). */
export interface HouseholdingEvents {
  /** Affirmative written consent received, or a request to receive one copy instead of several. */
  readonly consentedOn?: string;
  /** The implied-consent notice was sent. */
  readonly noticeSentOn?: string;
  /** The holder objected to householding (within the notice period, or later: then it revokes). */
  readonly objectedOn?: string;
  /** The holder revoked consent (orally or in writing), or asked for separate sets in future. */
  readonly revokedOn?: string;
  /** Separate copies of the current materials asked for (delivered by the fulfilment issue). */
  readonly separateCopyRequests?: readonly string[];
}

export interface EffectiveConsent {
  readonly basis: ConsentBasis;
  /** Since when the basis holds (undefined: from the holder file). */
  readonly since?: string;
  /** Revoked: the date by which individual delivery must have resumed. */
  readonly individualDeliveryBy?: string;
  /** A notice is out and the 60 days are running: the day consent becomes implied. */
  readonly impliedFrom?: string;
}

// The 60-day (implied consent) and 30-day (revocation) clocks are the foundation's, in ../calendar/clocks.ts.

const day = (iso: string) => Temporal.PlainDate.from(iso);
const onOrBefore = (iso: string | undefined, on: PlainDate) =>
  iso !== undefined && Temporal.PlainDate.compare(day(iso), on) <= 0;
const later = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : a > b ? a : b;

/** The holder's consent on a day, from the file's record and the events up to that day. */
const FROM_FILE: Record<ConsentBasis, EffectiveConsent> = {
  affirmative: Object.freeze({ basis: 'affirmative' }),
  implied: Object.freeze({ basis: 'implied' }),
  revoked: Object.freeze({ basis: 'revoked' }),
  none: Object.freeze({ basis: 'none' }),
};

export function consentOn(
  fileConsent: ConsentBasis,
  events: HouseholdingEvents | undefined,
  on: PlainDate,
): EffectiveConsent {
  if (!events || Object.keys(events).length === 0) return FROM_FILE[fileConsent]; // most holders: nothing recorded since the file
  const e = events;
  const consented = onOrBefore(e.consentedOn, on) ? e.consentedOn : undefined;
  const sent = onOrBefore(e.noticeSentOn, on) ? e.noticeSentOn : undefined;
  const impliedFrom = sent ? impliedConsentEarliestStart(day(sent)).toString() : undefined; // Rule 14a-3(e)(1)(ii): 60 days after the notice
  const objected = onOrBefore(e.objectedOn, on) ? e.objectedOn : undefined;
  // An objection before consent became implied means it never did; one after it works as a revocation.
  const objectedInTime = objected !== undefined && impliedFrom !== undefined && objected < impliedFrom;
  const revoked = later(
    onOrBefore(e.revokedOn, on) ? e.revokedOn : undefined,
    objected && !objectedInTime ? objected : undefined,
  );

  // The latest consenting event, against the latest revoking one.
  const implied = impliedFrom !== undefined && !objectedInTime && onOrBefore(impliedFrom, on) ? impliedFrom : undefined;
  const consentEvent = later(consented, implied);
  if (revoked !== undefined && (consentEvent === undefined || revoked >= consentEvent)) {
    // Rule 14a-3(e)(1)(ii) (check): individual delivery resumes within 30 days of revocation.
    return {
      basis: 'revoked',
      since: revoked,
      individualDeliveryBy: householdingRevocationDeadline(day(revoked)).toString(),
    };
  }
  if (consentEvent !== undefined)
    return { basis: consentEvent === consented ? 'affirmative' : 'implied', since: consentEvent };
  if (objectedInTime) return { basis: 'none', since: objected };
  if (fileConsent === 'revoked') return { basis: 'revoked' };
  if (fileConsent === 'affirmative' || fileConsent === 'implied') return { basis: fileConsent };
  return impliedFrom !== undefined ? { basis: 'none', impliedFrom } : { basis: 'none' };
}

export const consents = (c: EffectiveConsent) => c.basis === 'affirmative' || c.basis === 'implied';

const ENTITY_WORDS =
  /\b(TRUST|TRUSTEE|TR|TTEE|ESTATE|LLC|L\.L\.C|INC|CORP|CORPORATION|CO|COMPANY|LP|LLP|LTD|FOUNDATION|FUND|PARTNERS|PARTNERSHIP|BANK|CUSTODIAN|CUST|IRA|UTMA|UGMA|FBO|ASSOCIATION|CHURCH|UNIVERSITY|SOCIETY)\b/i;

/** The family name of a natural person (parse-full-name), or undefined for an entity (a trust, a company). */
export function familyName(name: string): string | undefined {
  if (ENTITY_WORDS.test(name.replace(/[.,]/g, ' '))) return undefined;
  const last = parseFullName(name).last;
  const key = last
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return key || undefined;
}
