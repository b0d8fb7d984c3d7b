import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
export { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';

/** The one place the functions' Powertools Logger and Metrics are built (namespace `proxydesk`). */
export const logger = (service: string): Logger => new Logger({ serviceName: service });

export const metrics = (service: string): Metrics => new Metrics({ namespace: 'proxydesk', serviceName: service });

/** Counts, published at once (a worker's invocation is short; nothing should wait for a flush). */
export function count(m: Metrics, counts: Record<string, number>): void {
  for (const [name, n] of Object.entries(counts)) m.addMetric(name, MetricUnit.Count, n);
  m.publishStoredMetrics();
}
