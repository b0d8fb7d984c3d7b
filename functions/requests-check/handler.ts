import middy from '@middy/core';
import { checkRequests } from '#shared/domain/requests/check.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { count, injectLambdaContext, logger, metrics as metricsFor } from '../commons/observability.js';

/**
 * The scheduled check (EventBridge, every 15 minutes on AWS; every few minutes under npm start):
 * requests past their due day or due within one business day, as CloudWatch metrics
 * (`proxydesk` namespace: RequestsOverdue, RequestsDueSoon) that alarms watch.
 */
const log = logger('requests-check');
export const metrics = metricsFor('requests-check');

export const makeHandler = (r: Root) =>
  middy(async () => {
    const out = await checkRequests(r.requestsCheck());
    count(metrics, { RequestsOverdue: out.overdue, RequestsDueSoon: out.dueWithinOneBusinessDay });
    // Counts and request ids only.
    if (out.overdue || out.dueWithinOneBusinessDay) log.warn('requests need attention', { ...out });
    return out;
  }).use(injectLambdaContext(log));

export const handler = lambdaEntry(makeHandler);
