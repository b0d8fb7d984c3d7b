import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ProxydeskFunction } from './function.js';

export interface StockholderRequestsProps {
  readonly table: dynamodb.TableV2;
  /** The control-number key: a request's number is found through its keyed hash. */
  readonly controlNumberSecret: secretsmanager.ISecret;
  readonly environment: Record<string, string>;
}

/**
 * Stockholder requests (POST /meetings/{id}/requests): the public API function that checks a
 * control number through its hash, throttles refused attempts per client, and stores the request.
 * Fulfilment (the worker, its queue and the overdue check) is added by the rest of issue 6.
 */
export class StockholderRequests extends Construct {
  public readonly api: ProxydeskFunction;

  constructor(scope: Construct, id: string, props: StockholderRequestsProps) {
    super(scope, id);
    this.api = new ProxydeskFunction(this, 'Api', {
      name: 'requests',
      environment: { ...props.environment, PROXYDESK_CONTROL_SECRET_ARN: props.controlNumberSecret.secretArn },
    });
    this.api.grantTableReadWrite(props.table);
    props.controlNumberSecret.grantRead(this.api.fn);
  }
}
