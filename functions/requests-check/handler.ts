import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { clockOf, loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { DynamoRequestRecords } from '../../shared/adapters/dynamodb/request-store.js';
import { checkRequests } from '../../shared/domain/requests/check.js';

/**
 * The scheduled check (EventBridge, every 15 minutes on AWS; every few minutes under npm start):
 * requests past their due day or due within one business day, as CloudWatch metrics
 * (`proxydesk` namespace: RequestsOverdue, RequestsDueSoon) that alarms watch.
 */
const config = loadConfig();
const clients = clientsFor(config);
const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
const records = new DynamoRequestRecords(clients.documents, config.tableName);
const logger = new Logger({ serviceName: 'requests-check' });
export const metrics = new Metrics({ namespace: 'proxydesk', serviceName: 'requests-check' });

export const handler = middy(async () => {
  const out = await checkRequests({ meetings, requests: records, now: clockOf(config) });
  metrics.addMetric('RequestsOverdue', MetricUnit.Count, out.overdue);
  metrics.addMetric('RequestsDueSoon', MetricUnit.Count, out.dueWithinOneBusinessDay);
  metrics.publishStoredMetrics();
  // Counts and request ids only.
  if (out.overdue || out.dueWithinOneBusinessDay) logger.warn('requests need attention', { ...out });
  return out;
}).use(injectLambdaContext(logger));
