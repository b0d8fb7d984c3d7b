import { DomainError } from '#shared/domain/errors.js';

/** Exit statuses (DEVELOPERS.md): 0 done, 1 done but input rejected or a check failed, 2 bad arguments. */
export const EXIT = { ok: 0, rejected: 1, badArguments: 2 } as const;

/** A bad command-line argument: printed as one line naming it, exit 2. */
export class UsageError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = 'UsageError';
  }
}

/** A finished command: what to print for people, what to emit with --json, and the exit status. */
export interface Outcome {
  readonly json: unknown;
  readonly text: string;
  readonly exitCode?: number;
}

export interface OutputOptions {
  readonly json?: boolean;
}

export function emit(outcome: Outcome, opts: OutputOptions): number {
  if (opts.json) process.stdout.write(`${JSON.stringify(outcome.json, null, 2)}\n`);
  else process.stdout.write(outcome.text.endsWith('\n') ? outcome.text : `${outcome.text}\n`);
  return outcome.exitCode ?? EXIT.ok;
}

const kebab = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * Maps a thrown error to output and an exit status. Invalid options → one line naming the option,
 * exit 2. Rejected content (a bad file) → every issue printed, exit 1.
 */
export function fail(err: unknown, opts: OutputOptions & { optionFields?: Record<string, string> | true }): number {
  if (err instanceof UsageError) {
    process.stderr.write(`proxydesk: ${err.message}\n`);
    if (opts.json)
      process.stdout.write(`${JSON.stringify({ error: { code: 'BAD_ARGUMENTS', message: err.message } })}\n`);
    return EXIT.badArguments;
  }
  if (err instanceof DomainError) {
    if (err.code === 'INVALID_INPUT' && opts.optionFields) {
      const names = opts.optionFields === true ? {} : opts.optionFields;
      const line = err.issues.map((i) => `${names[i.field] ?? kebab(i.field)}: ${i.message}`).join('; ');
      process.stderr.write(`proxydesk: ${line}\n`);
      if (opts.json)
        process.stdout.write(
          `${JSON.stringify({ error: { code: 'BAD_ARGUMENTS', message: line, issues: err.issues } })}\n`,
        );
      return EXIT.badArguments;
    }
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ error: { code: err.code, message: err.message, issues: err.issues } }, null, 2)}\n`,
      );
    } else {
      process.stderr.write(`proxydesk: ${err.message}\n`);
      for (const i of err.issues) process.stderr.write(`  - ${i.field}: ${i.message}\n`);
    }
    return EXIT.rejected;
  }
  throw err;
}

/** A plain aligned table for people. */
export function table(rows: readonly (readonly string[])[], header?: readonly string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths = all.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = all.map(line);
  if (header) out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out.join('\n');
}

/** Runs a command body: its result is the exit status; a thrown error is printed and mapped (fail). */
export function guard<O extends OutputOptions>(body: (opts: O) => Promise<number>): (opts: O) => Promise<void> {
  return async (opts) => {
    try {
      process.exitCode = await body(opts);
    } catch (err) {
      process.exitCode = fail(err, opts);
    }
  };
}
