import type { Context } from 'aws-lambda';
import { apiHandler, validate, type ApiEvent } from '#shared/http/api.js';
import { MeetingPathSchema, ResultsQuerySchema } from '#shared/http/contract.js';
import { SITE_HEADERS, errorPage, sitePage } from '#shared/http/materials-site.js';
import { resultsPage } from '#shared/http/results-page.js';
import { certificatePage } from '#shared/http/certificate-page.js';
import { runTabulation } from '#shared/domain/tabulation/run.js';
import { pollsState, resultsMode } from '#shared/domain/tabulation/mode.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { logger } from '../commons/observability.js';

/**
 * The results of a meeting's vote (IAM-authorized on AWS; docs/http-api.md "Results"):
 *   GET /meetings/{meetingId}/results[?mode=preliminary|final]              the tally and the Form 8-K Item 5.07 text (JSON)
 *   GET /meetings/{meetingId}/results/page[?mode=…]                         the page: tables and a chart per proposal
 *   GET /meetings/{meetingId}/results/certificate[?mode=…]                  the inspector's certificate, printable
 * The mode defaults by the clock: preliminary until the polls close, final after; final before they close is 409.
 * The pages answer errors as pages; the JSON route as JSON.
 */
export const makeHandler = (r: Root) => {
  const count = async (event: ApiEvent) => {
    const { meetingId } = validate(MeetingPathSchema, event.pathParameters);
    const { mode } = validate(ResultsQuerySchema, event.queryStringParameters ?? {});
    const meeting = await r.meeting(meetingId);
    const deps = r.tabulation();
    const now = deps.now();
    const run = await runTabulation(deps, meeting, { mode: resultsMode(meeting, now, mode) });
    return { run, polls: pollsState(meeting, now) };
  };
  const log = logger('results');
  const json = apiHandler(log, {
    'GET /meetings/{meetingId}/results': async (event) => {
      const { run, polls } = await count(event);
      return { tabulation: run.tabulation, form8k: run.form8k, polls };
    },
  });
  const pages = apiHandler(
    log,
    {
      'GET /meetings/{meetingId}/results/page': async (event) => {
        const { run, polls } = await count(event);
        return sitePage(200, resultsPage(run.tabulation, { polls }));
      },
      'GET /meetings/{meetingId}/results/certificate': async (event) =>
        sitePage(200, certificatePage((await count(event)).run.certificate)),
    },
    { pages: { page: errorPage, headers: SITE_HEADERS } },
  );
  return (event: ApiEvent, context: Context) =>
    (event.routeKey === 'GET /meetings/{meetingId}/results' ? json : pages)(event, context);
};

export const handler = lambdaEntry(makeHandler);
