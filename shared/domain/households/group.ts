import { sha256Base64url } from '../digest.js';
import type { PlainDate } from '../calendar/dates.js';
import type { PostalAddress } from '../holders/schema.js';
import { addressJson, jsonString } from '../holders/address-json.js';
import {
  consentOn,
  consents,
  familyName,
  type ConsentBasis,
  type EffectiveConsent,
  type HouseholdingEvents,
} from './consent.js';

/** What grouping needs of a holder (a stored holder, or a row of a file being grouped). */
export interface HouseholdMember {
  readonly accountId: string;
  readonly name: string;
  readonly coOwner?: string;
  readonly address: PostalAddress;
  /** deliveryKey(address). */
  readonly addressKey: string;
  readonly householdingConsent: ConsentBasis;
  readonly householding?: HouseholdingEvents;
}

/** One copy of the materials: a household (two or more consenting holders at one address) or one holder. */
export interface DeliveryUnit {
  /** A stable id for the unit: H- and a digest of the address key (a household), or A- and the account. */
  readonly id: string;
  readonly accounts: string[];
  readonly address: PostalAddress;
  readonly addressKey: string;
  /** The lines the single copy is addressed to (Rule 14a-3(e)(1): to the holders as a group, or to each). */
  readonly addressee: string[];
  readonly householded: boolean;
  readonly members: { accountId: string; name: string; consent: EffectiveConsent }[];
}

export interface HouseholdFigures {
  readonly holders: number;
  /** Households of two or more holders sharing one copy. */
  readonly households: number;
  readonly householdedHolders: number;
  /** Copies of the materials: one per household, one per other holder. Proxy cards stay one per holder. */
  readonly copies: number;
  readonly copiesSaved: number;
  /** Holders at a shared address who get their own copy for want of consent. */
  readonly sharedAddressWithoutConsent: number;
}

export type Addressing = 'each' | 'group';

export interface GroupOptions {
  /** 'each': every member's name (up to four, then the first and "and Household"); 'group': "The X Household" or "A and Household". */
  readonly addressing?: Addressing;
}

const digest = (text: string) => sha256Base64url(text, 16);
const MAX_NAMED = 4;

/** The addressee lines of a household's single copy. */
export function addresseeLines(members: readonly { name: string }[], addressing: Addressing = 'each'): string[] {
  if (members.length === 1) return [members[0]!.name];
  if (addressing === 'each' && members.length <= MAX_NAMED) return members.map((m) => m.name);
  const families = new Set(members.map((m) => familyName(m.name)));
  const [family] = families;
  if (addressing === 'group' && families.size === 1 && family) {
    const shown = members[0]!.name.includes(',')
      ? members[0]!.name.split(',')[0]!.trim()
      : members[0]!.name.split(/\s+/).at(-1)!;
    return [`The ${shown} Household`];
  }
  return [`${members[0]!.name} and Household`];
}

/**
 * Groups holders into delivery units on a day: consenting holders at one delivery address form a
 * household that gets one copy; everyone else gets their own (Rule 14a-3(e)(1)). Every account is
 * in exactly one unit. Units come in the order their address first appears, members in account order.
 */
export function groupHouseholds(
  holders: Iterable<HouseholdMember>,
  on: PlainDate,
  opts: GroupOptions = {},
): { units: DeliveryUnit[]; figures: HouseholdFigures } {
  const byAddress = new Map<string, { holder: HouseholdMember; consent: EffectiveConsent }[]>();
  let count = 0;
  for (const holder of holders) {
    count++;
    const consent = consentOn(holder.householdingConsent, holder.householding, on);
    let group = byAddress.get(holder.addressKey);
    if (!group) byAddress.set(holder.addressKey, (group = []));
    group.push({ holder, consent });
  }
  const units: DeliveryUnit[] = [];
  let households = 0;
  let householdedHolders = 0;
  let withoutConsent = 0;
  for (const [key, group] of byAddress) {
    if (group.length > 1) group.sort((a, b) => (a.holder.accountId < b.holder.accountId ? -1 : 1));
    const consenting = group.filter((m) => consents(m.consent));
    const together = new Set(consenting.length >= 2 ? consenting : []);
    if (together.size) {
      households++;
      householdedHolders += together.size;
      units.push(unit(key, [...together], true, opts.addressing));
    }
    for (const m of group) {
      if (together.has(m)) continue;
      if (group.length >= 2) withoutConsent++;
      units.push(unit(key, [m], false, opts.addressing));
    }
  }
  return {
    units,
    figures: {
      holders: count,
      households,
      householdedHolders,
      copies: units.length,
      copiesSaved: count - units.length,
      sharedAddressWithoutConsent: withoutConsent,
    },
  };
}

function unit(
  key: string,
  members: { holder: HouseholdMember; consent: EffectiveConsent }[],
  householded: boolean,
  addressing?: Addressing,
): DeliveryUnit {
  const first = members[0]!.holder;
  return {
    id: householded ? `H-${digest(key)}` : `A-${first.accountId}`,
    accounts: members.map((m) => m.holder.accountId),
    address: first.address,
    addressKey: key,
    addressee: householded
      ? addresseeLines(
          members.map((m) => m.holder),
          addressing,
        )
      : [first.name, ...(first.coOwner ? [first.coOwner] : [])],
    householded,
    members: members.map((m) => ({ accountId: m.holder.accountId, name: m.holder.name, consent: m.consent })),
  };
}

/**
 * The holders to send the implied-consent notice to (Rule 14a-3(e)(1)(ii)): at an address shared
 * with another holder of the same family name, with no consent, no notice sent, no objection and
 * no revocation. Entities (trusts, companies) have no family name and are never on the list.
 */
export function impliedConsentNoticeList(holders: Iterable<HouseholdMember>, on: PlainDate): HouseholdMember[] {
  const byAddress = new Map<string, HouseholdMember[]>();
  for (const h of holders) {
    let group = byAddress.get(h.addressKey);
    if (!group) byAddress.set(h.addressKey, (group = []));
    group.push(h);
  }
  const out: HouseholdMember[] = [];
  for (const group of byAddress.values()) {
    if (group.length < 2) continue;
    const families = new Map<string, number>();
    for (const h of group) {
      const f = familyName(h.name);
      if (f) families.set(f, (families.get(f) ?? 0) + 1);
    }
    for (const h of group) {
      const f = familyName(h.name);
      if (!f || (families.get(f) ?? 0) < 2) continue;
      const e = h.householding ?? {};
      if (e.noticeSentOn || e.objectedOn || e.revokedOn || e.consentedOn) continue;
      if (consentOn(h.householdingConsent, h.householding, on).basis !== 'none') continue;
      out.push(h);
    }
  }
  return out.sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
}

/**
 * Strings numbered 0, 1, 2… in the order first given: open addressing over typed arrays, for a
 * million keys cheaper than a Map (one probe to look up or add, no entry objects, its own hash).
 */
export class StringNumbers {
  /**
   * Per slot, side by side (one cache line for both): at 2i the string's number + 1 (0: empty),
   * at 2i + 1 its hash.
   */
  private slots = new Int32Array(2 << 10);
  readonly strings: string[] = [];

  get size(): number {
    return this.strings.length;
  }

  /** The number of `s`, or -1. */
  find(s: string): number {
    const h = hash(s);
    return this.slots[this.slotOf(s, h)]! - 1;
  }

  /** The number of `s`, numbered now if new (then it is the size before the call). */
  numberOf(s: string): number {
    const h = hash(s);
    const slot = this.slotOf(s, h);
    const known = this.slots[slot]!;
    if (known !== 0) return known - 1;
    const n = this.strings.length;
    this.strings.push(s);
    this.slots[slot] = n + 1;
    this.slots[slot + 1] = h;
    // At most half the slots in use.
    if ((n + 1) * 4 > this.slots.length) this.grow();
    return n;
  }

  /** The index (2 × slot) of the slot holding `s`, or of the empty slot where it would go. */
  private slotOf(s: string, h: number): number {
    const mask = this.slots.length - 2;
    for (let i = ((h ^ (h >>> 16)) << 1) & mask; ; i = (i + 2) & mask) {
      const v = this.slots[i]!;
      if (v === 0 || (this.slots[i + 1] === h && this.strings[v - 1] === s)) return i;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 2;
    for (let k = 0; k < this.slots.length; k += 2) {
      const v = this.slots[k]!;
      if (v === 0) continue;
      const h = this.slots[k + 1]!;
      let i = ((h ^ (h >>> 16)) << 1) & mask;
      while (slots[i] !== 0) i = (i + 2) & mask;
      slots[i] = v;
      slots[i + 1] = h;
    }
    this.slots = slots;
  }
}

/**
 * `s` as a string of its own. V8 makes a slice of a longer string (from 13 characters) a view
 * that keeps all of that string alive: a name read from a file is such a slice of the 64 KB
 * chunk it came in, and kept as it is, a million rows' names would keep the whole file. Joined
 * to a space, it is copied; the slice past the space is a view of that copy alone.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : [' ', s].join('').slice(1);
}

/** FNV-1a over the UTF-16 code units. */
function hash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/** One row of a file as grouping keeps it: no address of its own (its group has one). */
interface Row {
  readonly accountId: string;
  readonly name: string;
  readonly coOwner?: string;
  readonly consent: EffectiveConsent;
}

/**
 * The rows of a large file grouped by delivery address as they are read, keeping only what the
 * units need, in flat arrays: per row its account, name, co-owner and consent; per address its key
 * and the address as first written in the file, as JSON text (every unit at that address is
 * addressed that way). Units are built on demand, in the order their address first appears, as
 * groupHouseholds builds them.
 */
export class AddressGroups {
  private readonly index = new StringNumbers();
  /** The address keys, by group. */
  private readonly keys = this.index.strings;
  private readonly addresses: string[] = [];
  private readonly heads: number[] = [];
  private readonly tails: number[] = [];
  private readonly accounts: string[] = [];
  private readonly names: string[] = [];
  private readonly coOwners = new Map<number, string>();
  private readonly consents: EffectiveConsent[] = [];
  private readonly next: number[] = [];

  get size(): number {
    return this.accounts.length;
  }

  /** Whether an address has a group yet (its address need not be given again). */
  has(addressKey: string): boolean {
    return this.index.find(addressKey) >= 0;
  }

  /** Adds a row; `address` (an address or its JSON text) is required for the first row at an address and ignored after. */
  add(row: Row, addressKey: string, address: PostalAddress | string | undefined): void {
    const r = this.accounts.length;
    this.accounts.push(row.accountId);
    this.names.push(row.name);
    if (row.coOwner !== undefined) this.coOwners.set(r, row.coOwner);
    this.consents.push(row.consent);
    this.next.push(-1);
    if (address === undefined && this.index.find(addressKey) < 0)
      throw new Error(`no address for the first row at ${addressKey}`);
    const groups = this.keys.length;
    const g = this.index.numberOf(addressKey);
    if (g === groups) {
      this.addresses.push(typeof address === 'string' ? address : addressJson(address!));
      this.heads.push(r);
      this.tails.push(r);
      return;
    }
    this.next[this.tails[g]!] = r;
    this.tails[g] = r;
  }

  private row(r: number): Row {
    return {
      accountId: this.accounts[r]!,
      name: this.names[r]!,
      coOwner: this.coOwners.get(r),
      consent: this.consents[r]!,
    };
  }

  /** rowUnit(key, [this.row(r)], false), built straight from the row. */
  private single(key: string, r: number): UnitEntry {
    const accountId = this.accounts[r]!;
    const name = this.names[r]!;
    const coOwner = this.coOwners.get(r);
    return {
      accounts: [accountId],
      addressKey: key,
      addressee: coOwner ? [name, coOwner] : [name],
      householded: false,
      members: [{ accountId, name, consent: this.consents[r]! }],
    };
  }

  private members(g: number): Row[] {
    const out: Row[] = [];
    for (let r = this.heads[g]!; r !== -1; r = this.next[r]!) out.push(this.row(r));
    if (out.length > 1) out.sort((a, b) => (a.accountId < b.accountId ? -1 : 1));
    return out;
  }

  /** The delivery units, address by address (Rule 14a-3(e)(1)). */
  *units(addressing?: Addressing): Generator<DeliveryUnit> {
    for (const { unit, addressJson } of this.entries(addressing))
      yield { id: unitId(unit), ...unit, address: JSON.parse(addressJson) as PostalAddress };
  }

  /**
   * The same units with their address as JSON text, the address and the id left out of the
   * unit: for writing the units out without reading every address back (unitId gives the id).
   */
  private *entries(addressing?: Addressing): Generator<{ unit: UnitEntry; addressJson: string }> {
    for (let g = 0; g < this.keys.length; g++) {
      const key = this.keys[g]!;
      const addressJson = this.addresses[g]!;
      const head = this.heads[g]!;
      if (this.next[head] === -1) {
        // One row at the address (most): its own copy.
        yield { unit: this.single(key, head), addressJson };
        continue;
      }
      const group = this.members(g);
      // Two or more consenting holders are one household; everyone else gets their own copy.
      const consenting = group.filter((m) => consents(m.consent));
      const together = consenting.length >= 2;
      if (together) yield { unit: rowUnit(key, consenting, true, addressing), addressJson };
      for (const m of group)
        if (!together || !consents(m.consent)) yield { unit: rowUnit(key, [m], false, addressing), addressJson };
    }
  }

  /**
   * The units as the JSON text JSON.stringify gives for `{ accounts, address, addressee, householded,
   * members }` of each (units() without the id), built from strings: the address as stored, each
   * distinct consent's JSON once, an account's and a name's JSON once per unit; no unit object.
   */
  *unitsJson(addressing?: Addressing): Generator<string> {
    const consentJson = new Map<EffectiveConsent, string>();
    const consentText = (c: EffectiveConsent) => {
      let text = consentJson.get(c);
      if (text === undefined) {
        text = JSON.stringify(c);
        // A file's consents are a few shared values; anything else is written without keeping it.
        if (consentJson.size < 64) consentJson.set(c, text);
      }
      return text;
    };
    const member = (r: number, account: string, name: string) =>
      `{"accountId":${account},"name":${name},"consent":${consentText(this.consents[r]!)}}`;
    /** One row's own copy (rowUnit(key, [row], false) as JSON). */
    const single = (r: number, address: string) => {
      const account = jsonString(this.accounts[r]!);
      const name = jsonString(this.names[r]!);
      const coOwner = this.coOwners.get(r);
      return (
        `{"accounts":[${account}],"address":${address},"addressee":[${name}${coOwner ? `,${JSON.stringify(coOwner)}` : ''}],` +
        `"householded":false,"members":[${member(r, account, name)}]}`
      );
    };
    const rows: number[] = [];
    for (let g = 0; g < this.keys.length; g++) {
      const address = this.addresses[g]!;
      const head = this.heads[g]!;
      if (this.next[head] === -1) {
        yield single(head, address);
        continue;
      }
      rows.length = 0;
      for (let r = head; r !== -1; r = this.next[r]!) rows.push(r);
      rows.sort((a, b) => (this.accounts[a]! < this.accounts[b]! ? -1 : 1));
      // Two or more consenting holders are one household; everyone else gets their own copy.
      let consenting = 0;
      for (const r of rows) if (consents(this.consents[r]!)) consenting++;
      const together = consenting >= 2;
      if (together) {
        const accounts: string[] = [];
        const members: string[] = [];
        const named: { name: string }[] = [];
        for (const r of rows) {
          if (!consents(this.consents[r]!)) continue;
          const account = jsonString(this.accounts[r]!);
          accounts.push(account);
          members.push(member(r, account, jsonString(this.names[r]!)));
          named.push({ name: this.names[r]! });
        }
        yield (
          `{"accounts":[${accounts.join(',')}],"address":${address},` +
          `"addressee":${JSON.stringify(addresseeLines(named, addressing))},"householded":true,"members":[${members.join(',')}]}`
        );
      }
      for (const r of rows) if (!together || !consents(this.consents[r]!)) yield single(r, address);
    }
  }

  /** The figures, without building the units. */
  figures(): HouseholdFigures {
    let households = 0;
    let householdedHolders = 0;
    let withoutConsent = 0;
    for (let g = 0; g < this.keys.length; g++) {
      let size = 0;
      let consenting = 0;
      for (let r = this.heads[g]!; r !== -1; r = this.next[r]!) {
        size++;
        if (consents(this.consents[r]!)) consenting++;
      }
      if (size < 2) continue;
      const together = consenting >= 2 ? consenting : 0;
      if (together) {
        households++;
        householdedHolders += together;
      }
      withoutConsent += size - together;
    }
    const holders = this.accounts.length;
    const copies = holders - householdedHolders + households;
    return {
      holders,
      households,
      householdedHolders,
      copies,
      copiesSaved: holders - copies,
      sharedAddressWithoutConsent: withoutConsent,
    };
  }

  /** Every row, in file order. */
  *all(): Generator<Row> {
    for (let r = 0; r < this.accounts.length; r++) yield this.row(r);
  }
}

/** A unit as entries() gives it: without its address (given as JSON text beside it) and its id (see unitId). */
export type UnitEntry = Omit<DeliveryUnit, 'address' | 'id'>;

/** A unit's id (DeliveryUnit.id): worked out only when asked for (writing a file's units out never needs it). */
export function unitId(unit: UnitEntry): string {
  return unit.householded ? `H-${digest(unit.addressKey)}` : `A-${unit.accounts[0]!}`;
}

function rowUnit(key: string, members: Row[], householded: boolean, addressing?: Addressing): UnitEntry {
  const first = members[0]!;
  return {
    accounts: members.map((m) => m.accountId),
    addressKey: key,
    addressee: householded
      ? addresseeLines(members, addressing)
      : [first.name, ...(first.coOwner ? [first.coOwner] : [])],
    householded,
    members: members.map((m) => ({ accountId: m.accountId, name: m.name, consent: m.consent })),
  };
}
