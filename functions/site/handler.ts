import { apiHandler, STATUS_BY_CODE } from '#shared/http/api.js';
import { MeetingId } from '#shared/http/contract.js';
import { DomainError, NotFoundError } from '#shared/domain/errors.js';
import {
  SITE_HEADERS,
  confirmationPage,
  decodePathName,
  requestFromForm,
  errorPage,
  materialsPage,
  sitePage as html,
} from '#shared/http/materials-site.js';
import { takeRequest } from '#shared/domain/requests/intake.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { count, logger, metrics } from '../commons/observability.js';

const m = metrics('site');
/** A meeting id from the path: a malformed one is simply no such meeting (404). */
const meetingId = (v: string | undefined) => {
  const id = MeetingId.safeParse(v);
  if (!id.success) throw new NotFoundError('no such meeting');
  return id.data;
};

/**
 * The public materials website (errors are pages: 404 only for no such meeting or document):
 *   GET  /materials/{meetingId}                    the meeting, its documents and the request form
 *   GET  /materials/{meetingId}/documents/{name}   a document (a short-lived link to the bucket)
 *   POST /materials/{meetingId}/requests           the form: a confirmation with the send-by day, or the form again with what was wrong
 */
export const makeHandler = (r: Root) =>
  apiHandler(
    logger('site'),
    {
      'GET /materials/{meetingId}': async (event) => {
        const meeting = await r.meeting(meetingId(event.pathParameters?.meetingId));
        return html(200, materialsPage(meeting, await r.materials(meeting.id)));
      },
      'GET /materials/{meetingId}/documents/{name}': async (event) => {
        const id = meetingId(event.pathParameters?.meetingId);
        const name = decodePathName(event.pathParameters?.name ?? '');
        if (!(await r.materials(id)).includes(name)) throw new NotFoundError('no such document');
        return html(302, '', { location: await r.materialsLink(id, name) });
      },
      'POST /materials/{meetingId}/requests': async (event) => {
        const meeting = await r.meeting(meetingId(event.pathParameters?.meetingId));
        const values = event.formBody ?? {};
        const body = requestFromForm(values);
        try {
          const client = event.requestContext?.http?.sourceIp ?? 'unknown';
          const result = await takeRequest(await r.requestIntake(), { meeting, body, client });
          if (!result.duplicate) count(m, { RequestsReceived: 1 });
          return html(200, confirmationPage(meeting, result));
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          // The form again, with what was wrong; the control number is not echoed back.
          const page = materialsPage(meeting, await r.materials(meeting.id), {
            values: { ...values, controlNumber: '' },
            issues: err.issues,
            message: err.message,
          });
          return html(STATUS_BY_CODE[err.code], page);
        }
      },
    },
    { pages: { page: errorPage, headers: SITE_HEADERS } },
  );

export const handler = lambdaEntry(makeHandler);
