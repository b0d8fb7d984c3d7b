import { z } from 'zod';
import { ControlNumberSchema } from '../holders/access.js';

/** What a stockholder can ask for with their control number (the materials page and `POST /meetings/{id}/requests`). */
export const REQUEST_KINDS = [
  'paper-copy',
  'email-copy',
  'separate-set',
  'permanent-election',
  'householding-opt-out',
  'householding-opt-in',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * A request as submitted. The control number is checked for form only here: whether it exists is
 * answered by the uniform "not accepted" of the use case, never by a validation message.
 */
export const RequestBodySchema = z
  .strictObject({
    controlNumber: ControlNumberSchema,
    kind: z.enum(REQUEST_KINDS, { message: `kind must be one of ${REQUEST_KINDS.join(', ')}` }),
    email: z.email({ message: 'email is not a valid address' }).max(254).optional(),
    election: z.enum(['paper', 'email'], { message: 'election must be paper or email' }).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'email-copy' && !b.email)
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'an email copy needs the address to send it to' });
    if (b.kind === 'permanent-election' && !b.election)
      ctx.addIssue({ code: 'custom', path: ['election'], message: 'a permanent election is paper or email' });
    if (b.kind === 'permanent-election' && b.election === 'email' && !b.email)
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'an email election needs the address to send to' });
    if (b.kind !== 'permanent-election' && b.election)
      ctx.addIssue({ code: 'custom', path: ['election'], message: 'election applies to a permanent election only' });
  });
export type RequestBody = z.output<typeof RequestBodySchema>;
