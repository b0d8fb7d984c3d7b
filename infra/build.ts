import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ProxydeskStack } from './stack.js';

/** Feature flags set in code so tests and `cdk synth` build the same app. */
const FEATURE_FLAGS = {
  // Server access logs are granted by bucket policy, not the deprecated LogDeliveryWrite ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
};

/** The CDK app with cdk-nag's AwsSolutions checks attached (tests build the same app). */
export function buildApp(props: AppProps = {}): { app: App; stack: ProxydeskStack } {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(stage))
    throw new Error(`-c stage=${stage}: a stage is 2–16 lowercase letters, digits or hyphens`);
  const mailFrom = app.node.tryGetContext('mailFrom') as string | undefined;
  if (mailFrom !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(mailFrom))
    throw new Error(`-c mailFrom=${mailFrom}: not an email address`);
  const stack = new ProxydeskStack(app, 'Proxydesk', {
    stage,
    mailFrom,
    stackName: `proxydesk-${stage}`,
    description: `proxydesk (${stage}): stockholder side of annual meetings`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  return { app, stack };
}
