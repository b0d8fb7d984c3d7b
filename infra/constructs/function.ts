import { Duration, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { FunctionName, WorkerName } from '../../shared/resources.js';

export interface ProxydeskFunctionProps {
  /** The folder under functions/ whose handler.ts this function runs. */
  readonly name: FunctionName | WorkerName;
  /** Environment beyond the defaults (table and bucket names). */
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(15) */
  readonly timeout?: Duration;
}

/**
 * Every proxydesk Lambda: Node 22 on arm64, X-Ray tracing, a log group with a year's retention,
 * ESM bundled by the local esbuild (no Docker), the AWS SDK taken from the runtime.
 */
export class ProxydeskFunction extends Construct {
  public readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ProxydeskFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: fileURLToPath(new URL(`../../functions/${props.name}/handler.ts`, import.meta.url)),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: `proxydesk-${props.name}`,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        target: 'node22',
        minify: true,
        sourceMap: true,
        externalModules: ['@aws-sdk/*'],
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution role only lets the function write its own CloudWatch logs.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Pinned to Node.js 22 on purpose: the runtime the code and bundle (target node22) are tested against; moving to a newer runtime is a deliberate, tested change.',
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; CDK adds exactly these for active tracing.',
    });
  }
}
