import { systemSleep } from '../system.js';
import { GetAccountCommand, SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingEmail } from '../../domain/distribution/model.js';

/** The header that names a piece in every email, so the provider's records can say whether it went. */
export const PIECE_HEADER = 'X-Proxydesk-Piece';

const sleep = systemSleep;

/**
 * Proxy emails through SES v2 (custom headers and the configuration set are v2 features). Sends at
 * most `maxPerSecond` (the account's maximum send rate) and backs off on throttling. Nothing about
 * a message is logged: it carries a control number.
 */
export class SesMailer implements Mailer {
  private nextSlot = 0;
  private rate: Promise<number> | undefined;

  constructor(
    private readonly ses: SESv2Client,
    private readonly opts: {
      from: string;
      configurationSet?: string;
      maxPerSecond?: number;
      /** Looks a piece up in the provider's record of accepted mail (locally: the SES server's store). */
      sentLookup?: (pieceId: string) => Promise<boolean | undefined>;
    },
  ) {}

  /** The account's maximum send rate (SES GetAccount), unless given. */
  private maxPerSecond(): Promise<number> {
    this.rate ??= this.opts.maxPerSecond
      ? Promise.resolve(this.opts.maxPerSecond)
      : this.ses.send(new GetAccountCommand({})).then(
          (a) => a.SendQuota?.MaxSendRate || 1,
          () => 1, // unknown: the sandbox rate
        );
    return this.rate;
  }

  private async slot(): Promise<void> {
    const interval = 1000 / (await this.maxPerSecond());
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + interval;
    if (at > now) await sleep(at - now);
  }

  async send(email: OutgoingEmail): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      await this.slot();
      try {
        const out = await this.ses.send(
          new SendEmailCommand({
            FromEmailAddress: this.opts.from,
            Destination: { ToAddresses: [email.to] },
            ConfigurationSetName: this.opts.configurationSet,
            // Event publishing (bounces, complaints) carries the tags back: the meeting and the piece.
            EmailTags: [
              { Name: 'meeting', Value: email.meetingId.replace(/[^A-Za-z0-9_-]/g, '_') },
              { Name: 'piece', Value: email.pieceId.replace(/[^A-Za-z0-9_-]/g, '_') },
            ],
            Content: {
              Simple: {
                Subject: { Data: email.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
                Headers: [{ Name: PIECE_HEADER, Value: email.pieceId }],
              },
            },
          }),
        );
        return out.MessageId ?? '';
      } catch (err) {
        const name = (err as Error).name;
        if (
          (name === 'TooManyRequestsException' || name === 'Throttling' || name === 'ThrottlingException') &&
          attempt < 8
        ) {
          await sleep(Math.min(10_000, 200 * 2 ** attempt) * (0.5 + Math.random() / 2));
          continue;
        }
        throw err;
      }
    }
  }

  async wasSent(pieceId: string): Promise<boolean | undefined> {
    return this.opts.sentLookup ? this.opts.sentLookup(pieceId) : undefined;
  }
}

/** The local SES server's record of accepted mail (`GET /store`), as a sent-lookup. */
export function localSesStoreLookup(sesEndpoint: string): (pieceId: string) => Promise<boolean> {
  return async (pieceId) => {
    const res = await fetch(`${sesEndpoint.replace(/\/$/, '')}/store`);
    const { emails } = (await res.json()) as { emails: { headers?: { name: string; value: string }[] }[] };
    return emails.some((e) => e.headers?.some((h) => h.name === PIECE_HEADER && h.value === pieceId));
  };
}
