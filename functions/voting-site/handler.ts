import { apiHandler, STATUS_BY_CODE, type ApiEvent } from '#shared/http/api.js';
import { MeetingId } from '#shared/http/contract.js';
import { DomainError, NotFoundError } from '#shared/domain/errors.js';
import { SITE_HEADERS, errorPage, sitePage as html } from '#shared/http/materials-site.js';
import * as pages from '#shared/http/voting-page.js';
import { confirmVote } from '#shared/domain/voting/cast.js';
import { openBallot, voteFromPage } from '#shared/domain/voting/online.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { count, logger, metrics } from '../commons/observability.js';

const m = metrics('voting-site');
/** The control number for the ballot's hidden field, once accepted: its digits. */
const digits = (v: unknown) => String(v).replace(/\D/g, '');

/**
 * The stockholder's voting page (errors are pages; every form posts, so no control number is in a URL):
 *   GET  /vote/{meetingId}           the control-number form          POST /vote/{meetingId}/ballot   the account's ballot
 *   POST /vote/{meetingId}/votes     the marked ballot: a receipt, the ballot again naming what was refused, or the cut-off
 *   GET  /vote/{meetingId}/confirm   the control-number form          POST /vote/{meetingId}/confirm  the vote that counts now
 * A refused control number (uniform, as the API's) shows the form again, without the number.
 */
export const makeHandler = (r: Root) => {
  const input = async (event: ApiEvent) => {
    const id = MeetingId.safeParse(event.pathParameters?.meetingId);
    if (!id.success) throw new NotFoundError('no such meeting');
    const values = event.formBody ?? {};
    const client = event.requestContext?.http?.sourceIp ?? 'unknown';
    return { meeting: await r.meeting(id.data), values, controlNumber: values.controlNumber, client };
  };
  /** The control-number form again, with the refusal; anything that is not a refusal is a 5xx page. */
  const refused = (err: unknown, again: (o: { message: string; issues: DomainError['issues'] }) => string) => {
    if (!(err instanceof DomainError)) throw err;
    return html(STATUS_BY_CODE[err.code], again({ message: err.message, issues: err.issues }));
  };
  return apiHandler(
    logger('voting-site'),
    {
      'GET /vote/{meetingId}': async (event) => html(200, pages.votingStartPage((await input(event)).meeting)),
      'POST /vote/{meetingId}/ballot': async (event) => {
        const i = await input(event);
        try {
          const view = await openBallot(await r.voting(), i);
          return html(200, pages.ballotPage(i.meeting, view, { controlNumber: digits(i.controlNumber) }));
        } catch (err) {
          return refused(err, (o) => pages.votingStartPage(i.meeting, o));
        }
      },
      'POST /vote/{meetingId}/votes': async (event) => {
        const i = await input(event);
        const marks = pages.ballotFromForm(i.values);
        try {
          const v = await voteFromPage(await r.voting(), { ...i, ballot: marks });
          if (v.outcome === 'recorded' && v.created) count(m, { VotesRecorded: 1 });
          if (v.outcome === 'recorded' && v.emailed === 'failed') count(m, { VoteReceiptEmailsFailed: 1 });
          const out = pages.votedPage(i.meeting, v, { controlNumber: digits(i.controlNumber), marks });
          return html(out.status, out.html);
        } catch (err) {
          return refused(err, (o) => pages.votingStartPage(i.meeting, o));
        }
      },
      'GET /vote/{meetingId}/confirm': async (event) => html(200, pages.confirmStartPage((await input(event)).meeting)),
      'POST /vote/{meetingId}/confirm': async (event) => {
        const i = await input(event);
        try {
          const body = { controlNumber: i.controlNumber };
          return html(200, pages.confirmationPage(i.meeting, await confirmVote(await r.voting(), { ...i, body })));
        } catch (err) {
          return refused(err, (o) => pages.confirmStartPage(i.meeting, o));
        }
      },
    },
    { pages: { page: errorPage, headers: SITE_HEADERS } },
  );
};

export const handler = lambdaEntry(makeHandler);
