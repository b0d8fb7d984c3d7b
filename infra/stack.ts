import { CfnOutput, Stack, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Storage } from './constructs/storage.js';
import { ProxydeskFunction } from './constructs/function.js';
import { HttpApi } from './constructs/http-api.js';
import { HolderImport } from './constructs/holder-import.js';
import { IMPORTS_BUCKET, MAIN_TABLE, MATERIALS_BUCKET, type FunctionName } from '../shared/resources.js';

/** The proxydesk stack: composes the capabilities; it builds nothing itself. */
export class ProxydeskStack extends Stack {
  public readonly storage: Storage;
  public readonly api: HttpApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage');
    const table = this.storage.tables[MAIN_TABLE.id]!;
    const imports = this.storage.buckets[IMPORTS_BUCKET.id]!;
    const materials = this.storage.buckets[MATERIALS_BUCKET.id]!;
    const environment = {
      PROXYDESK_TABLE: table.tableName,
      PROXYDESK_IMPORTS_BUCKET: imports.bucketName,
      PROXYDESK_MATERIALS_BUCKET: materials.bucketName,
    };
    const functions: Record<FunctionName, ProxydeskFunction> = {
      deadlines: new ProxydeskFunction(this, 'Deadlines', { name: 'deadlines', environment }),
      meetings: new ProxydeskFunction(this, 'Meetings', { name: 'meetings', environment }),
    };
    table.grantReadData(functions.meetings.fn);
    Validations.of(functions.meetings.fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(table.node.defaultChild as CfnElement)}.Arn>/index/*]`,
      reason: "Read access to the main table's own secondary indexes: listing meetings queries gsi1 (never a scan).",
    });
    this.api = new HttpApi(this, 'Http', { functions });
    const holderImport = new HolderImport(this, 'HolderImport', { table, importsBucket: imports, environment });
    Validations.of(holderImport.fn.fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(table.node.defaultChild as CfnElement)}.Arn>/index/*]`,
      reason: "Read/write on the main table's own secondary indexes (control-number and household look-ups).",
    });

    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'ImportsBucket', { value: imports.bucketName });
    new CfnOutput(this, 'MaterialsBucket', { value: materials.bucketName });
  }
}
