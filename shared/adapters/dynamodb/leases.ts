import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Leases } from '../../domain/leases.js';
import { keys } from './keys.js';
import { conditionally } from './conditional.js';

/** Short-lived locks: one item per scope, taken while free or expired. */
export class DynamoLeases implements Leases {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  acquire(scope: string, owner: string, until: string, now: string): Promise<boolean> {
    return conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lease(scope),
          UpdateExpression: 'SET leaseOwner = :o, leaseUntil = :u, expiresAt = :exp',
          ConditionExpression: 'attribute_not_exists(leaseOwner) OR leaseOwner = :o OR leaseUntil < :now',
          ExpressionAttributeValues: {
            ':o': owner,
            ':u': until,
            ':now': now,
            ':exp': Math.ceil(Date.parse(until) / 1000) + 86_400,
          },
        }),
      ),
    );
  }

  async release(scope: string, owner: string): Promise<void> {
    // A lease no longer ours (it expired and was taken) is not ours to release.
    await conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lease(scope),
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :o',
          ExpressionAttributeValues: { ':o': owner },
        }),
      ),
    );
  }
}
