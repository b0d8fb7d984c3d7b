import { apiHandler, validate, type ApiEvent } from '#shared/http/api.js';
import { MeetingPathSchema as PathSchema, VoteAccountPathSchema } from '#shared/http/contract.js';
import { castVote, confirmVote } from '#shared/domain/voting/cast.js';
import { showAccount, votesStatus } from '#shared/domain/voting/records.js';
import { DomainError } from '#shared/domain/errors.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { count, logger, metrics } from '../commons/observability.js';

const m = metrics('votes');

/**
 *   POST /meetings/{meetingId}/votes          {"controlNumber":"123456789012","ballot":{"1":{…},"2":"FOR",…}}
 *        201 {"receiptId","recordedAt","ballot"} (a repeat: the same receipt); 400 naming the proposal;
 *        403 "not accepted" (uniform) or after the cut-off (named); 429 throttled. Each refusal counts `VotesRefused`.
 *   POST /meetings/{meetingId}/votes/confirm  {"controlNumber":"…"}  200 {"status":"counts"|"none","vote"?,"reason"}
 *   GET  /meetings/{meetingId}/votes/status                 the figures only (IAM: operators and the inspector)
 *   GET  /meetings/{meetingId}/votes/accounts/{accountId}   how the account voted (IAM: the inspector's role only)
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
      try {
        const { receipt, created, emailed } = await castVote(await r.voting(), await input(event));
        if (created) count(m, { VotesRecorded: 1 });
        if (emailed === 'failed') count(m, { VoteReceiptEmailsFailed: 1 });
        return { status: 201, body: receipt };
      } catch (err) {
        // A spike of refusals (guessed numbers, a broken integration, votes after the cut-off) raises an alarm.
        if (err instanceof DomainError && err.code !== 'NOT_FOUND') count(m, { VotesRefused: 1 });
        throw err;
      }
    },
    'POST /meetings/{meetingId}/votes/confirm': async (event) => confirmVote(await r.voting(), await input(event)),
    'GET /meetings/{meetingId}/votes/status': async (event) => {
      const { meetingId } = validate(PathSchema, event.pathParameters);
      return votesStatus(r.voteRecords(), await r.meeting(meetingId));
    },
    'GET /meetings/{meetingId}/votes/accounts/{accountId}': async (event) => {
      const { meetingId, accountId } = validate(VoteAccountPathSchema, event.pathParameters);
      return showAccount(r.voteRecords(), await r.meeting(meetingId), accountId);
    },
  });
};

export const handler = lambdaEntry(makeHandler);
