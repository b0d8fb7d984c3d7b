import { CfnOutput, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, type FunctionName } from '../../shared/resources.js';
import type { ProxydeskFunction } from './function.js';

export interface HttpApiProps {
  /** The function behind each route's `function` name in shared/resources.ts. */
  readonly functions: Readonly<Record<FunctionName, ProxydeskFunction>>;
  /** @default 50 requests/s steady, 100 burst */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

const METHODS = { GET: apigw.HttpMethod.GET, POST: apigw.HttpMethod.POST, PUT: apigw.HttpMethod.PUT, DELETE: apigw.HttpMethod.DELETE } as const;

/** The HTTP API: one route per ROUTES entry in shared/resources.ts, access-logged and throttled. */
export class HttpApi extends Construct {
  public readonly api: apigw.HttpApi;
  public readonly url: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', { description: 'proxydesk HTTP API', createDefaultStage: false });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    const stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of ROUTES) {
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.function}Integration`, props.functions[route.function].fn);
        integrations.set(route.function, integration);
      }
      const [created] = this.api.addRoutes({ path: route.path, methods: [METHODS[route.method]], integration });
      Validations.of(created!).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'Read-only public information so far (proposal deadlines, published meeting facts); authorization for operations and stockholder routes is the production-readiness issue.',
      });
    }
    this.url = stage.url;
    new CfnOutput(this, 'Url', { value: stage.url, description: 'proxydesk API URL' });
  }
}
