import type { z } from 'zod';

/**
 * Stored items become domain objects through a parse, never a cast: a field missing or of another
 * type than the code reads fails loudly, naming the item's key and the field. Hot paths (holders,
 * pieces: a million reads in a run) use the explicit readers here; rare items use a zod schema.
 */

export type Item = Record<string, unknown>;

/** A stored item that is not what the code expects (an older or newer shape, a corrupted write). */
export class StoredItemError extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
    readonly field: string,
    message: string,
  ) {
    super(`stored ${entity} ${key}: ${field} ${message}`);
    this.name = 'StoredItemError';
  }
}

const keyOf = (item: Item) =>
  item.pk === undefined ? '(projected, no key)' : `${String(item.pk)} ${String(item.sk ?? '')}`.trim();

/** Typed reads of one item's fields; each throws StoredItemError when the field is not what it says. */
export class ItemReader {
  constructor(
    private readonly item: Item,
    private readonly entity: string,
    /** Where the fields sit (a nested map): for the error's field path. */
    private readonly path = '',
    private readonly key = keyOf(item),
  ) {}

  fail(field: string, message: string): never {
    throw new StoredItemError(this.entity, this.key, `${this.path}${field}`, message);
  }

  has(field: string): boolean {
    return this.item[field] !== undefined && this.item[field] !== null;
  }

  str(field: string): string {
    const v = this.item[field];
    return typeof v === 'string' ? v : this.fail(field, `is ${describe(v)}, not a string`);
  }

  num(field: string): number {
    const v = this.item[field];
    return typeof v === 'number' && Number.isFinite(v) ? v : this.fail(field, `is ${describe(v)}, not a number`);
  }

  bool(field: string): boolean {
    const v = this.item[field];
    return typeof v === 'boolean' ? v : this.fail(field, `is ${describe(v)}, not a boolean`);
  }

  oneOf<T extends string>(field: string, values: readonly T[]): T {
    const v = this.item[field];
    return values.includes(v as T) ? (v as T) : this.fail(field, `is ${describe(v)}, not one of ${values.join(', ')}`);
  }

  strings(field: string): string[] {
    const v = this.item[field];
    if (!Array.isArray(v)) return this.fail(field, `is ${describe(v)}, not a list`);
    for (const s of v) if (typeof s !== 'string') this.fail(field, `holds ${describe(s)}, not only strings`);
    return v as string[];
  }

  numbers(field: string): number[] {
    const v = this.item[field];
    if (!Array.isArray(v)) return this.fail(field, `is ${describe(v)}, not a list`);
    for (const n of v) if (typeof n !== 'number') this.fail(field, `holds ${describe(n)}, not only numbers`);
    return v as number[];
  }

  /** A nested map, read with its own reader (errors name `field.inner`). */
  map(field: string): ItemReader {
    const v = this.item[field];
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return this.fail(field, `is ${describe(v)}, not a map`);
    return new ItemReader(v as Item, this.entity, `${this.path}${field}.`, this.key);
  }

  /** A field through a zod schema (a rare, structured value). */
  parse<S extends z.ZodType>(field: string, schema: S): z.output<S> {
    const r = schema.safeParse(this.item[field]);
    return r.success ? r.data : this.fail(field, `is not valid: ${r.error.issues.map(issueText).join('; ')}`);
  }
}

/** The whole item (or one attribute of it) through a zod schema; StoredItemError names the first issues. */
export function parseItem<S extends z.ZodType>(item: Item, entity: string, schema: S, field?: string): z.output<S> {
  const r = schema.safeParse(field === undefined ? item : item[field]);
  if (r.success) return r.data;
  throw new StoredItemError(
    entity,
    keyOf(item),
    field ?? '(item)',
    `is not valid: ${r.error.issues.map(issueText).join('; ')}`,
  );
}

const issueText = (i: z.core.$ZodIssue) => `${i.path.join('.') || '(value)'}: ${i.message}`;

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return `a ${typeof v}`;
}

/** A domain type under construction (optional fields are set only when stored). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
