import { apiHandler, validate, type ApiEvent } from '../../shared/http/api.js';
import { MeetingPathSchema as PathSchema } from '../../shared/http/contract.js';
import { castVote, confirmVote } from '../../shared/domain/voting/cast.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '../../shared/composition/root.js';
import { count, logger, metrics } from '../commons/observability.js';

const m = metrics('votes');

/**
 *   POST /meetings/{meetingId}/votes          {"controlNumber":"123456789012","ballot":{"1":{…},"2":"FOR",…}}
 *        201 {"receiptId","recordedAt","ballot"} (a repeat: the same receipt); 400 naming the proposal;
 *        403 "not accepted" (uniform) or after the cut-off (named); 429 throttled
 *   POST /meetings/{meetingId}/votes/confirm  {"controlNumber":"…"}  200 {"status":"counts"|"none","vote"?,"reason"}
 * The control number is never logged: only the body's field names reach an error message.
 */
export const makeHandler = (r: Root) => {
  const input = async (event: ApiEvent) => {
    const { meetingId } = validate(PathSchema, event.pathParameters);
    const client = event.requestContext?.http?.sourceIp ?? 'unknown';
    return { meeting: await r.meeting(meetingId), body: event.jsonBody ?? {}, client };
  };
  return apiHandler(logger('votes'), {
    'POST /meetings/{meetingId}/votes': async (event) => {
      const { receipt, created, emailed } = await castVote(await r.voting(), await input(event));
      if (created) count(m, { VotesRecorded: 1 });
      if (emailed === 'failed') count(m, { VoteReceiptEmailsFailed: 1 });
      return { status: 201, body: receipt };
    },
    'POST /meetings/{meetingId}/votes/confirm': async (event) => confirmVote(await r.voting(), await input(event)),
  });
};

export const handler = lambdaEntry(makeHandler);
