import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { apiHandler } from '../../shared/http/api.js';
import { MeetingId } from '../../shared/http/contract.js';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { requestIntake } from '../../shared/adapters/requests.js';
import { materialsPrefix } from '../../shared/adapters/s3/materials.js';
import { DomainError } from '../../shared/domain/errors.js';
import { SITE_HEADERS, confirmationPage, materialsPage } from '../../shared/http/materials-site.js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

// Built once per process.
const config = loadConfig();
const clients = clientsFor(config);
const intake = requestIntake(clients, config);

const metrics = new Metrics({ namespace: 'proxydesk', serviceName: 'site' });
const STATUS: Record<string, number> = {
  INVALID_INPUT: 400,
  NOT_ACCEPTED: 403,
  THROTTLED: 429,
  NOT_FOUND: 404,
  CONFLICT: 409,
};
/** Path parameters may arrive encoded or not; a malformed escape is simply no such document. */
const safeDecode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return '';
  }
};
const notFound = {
  status: 404,
  html: '<!doctype html><html lang="en"><title>Not found</title><p>No such meeting.</p></html>',
  headers: SITE_HEADERS,
};

/**
 * The public materials website:
 *   GET  /materials/{meetingId}                    the meeting, its documents and the request form
 *   GET  /materials/{meetingId}/documents/{name}   a document (a short-lived link to the bucket)
 *   POST /materials/{meetingId}/requests           the form: a confirmation with the send-by day, or the form again with what was wrong
 */
export const handler = apiHandler('site', {
  'GET /materials/{meetingId}': async (event) => {
    const id = MeetingId.safeParse(event.pathParameters?.meetingId);
    if (!id.success) return notFound;
    const meeting = await intake.meeting(id.data).catch(() => undefined);
    if (!meeting) return notFound;
    return { status: 200, html: materialsPage(meeting, await intake.materials(meeting.id)), headers: SITE_HEADERS };
  },
  'GET /materials/{meetingId}/documents/{name}': async (event) => {
    const id = MeetingId.safeParse(event.pathParameters?.meetingId);
    const name = safeDecode(event.pathParameters?.name ?? '');
    if (!id.success || !(await intake.materials(id.data)).includes(name)) return notFound;
    const url = await getSignedUrl(
      clients.s3,
      new GetObjectCommand({ Bucket: config.materialsBucket, Key: `${materialsPrefix(id.data)}${name}` }),
      { expiresIn: 300 },
    );
    return { status: 302, html: '', headers: { ...SITE_HEADERS, location: url } };
  },
  'POST /materials/{meetingId}/requests': async (event) => {
    const id = MeetingId.safeParse(event.pathParameters?.meetingId);
    if (!id.success) return notFound;
    const meeting = await intake.meeting(id.data).catch(() => undefined);
    if (!meeting) return notFound;
    const values = event.formBody ?? {};
    const body = Object.fromEntries(
      Object.entries(values).filter(([k, v]) => ['controlNumber', 'kind', 'email', 'election'].includes(k) && v !== ''),
    );
    try {
      const result = await intake.submit(meeting, body, event.requestContext?.http?.sourceIp ?? 'unknown');
      if (!result.duplicate) {
        metrics.addMetric('RequestsReceived', MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
      }
      return { status: 200, html: confirmationPage(meeting, result), headers: SITE_HEADERS };
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // The form again, with what was wrong; the control number is not echoed back.
      const page = materialsPage(meeting, await intake.materials(meeting.id), {
        values: { ...values, controlNumber: '' },
        issues: err.issues,
        message: err.message,
      });
      return { status: STATUS[err.code] ?? 400, html: page, headers: SITE_HEADERS };
    }
  },
});
