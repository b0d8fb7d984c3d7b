// The CDK app entry (cdk.json: "node --import tsx infra/app.ts").
import { buildApp } from './build.js';

buildApp();
