import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { DynamoHolderStore } from '../../shared/adapters/dynamodb/holder-store.js';
import { DynamoPieceLedger } from '../../shared/adapters/dynamodb/piece-ledger.js';
import { DynamoRequestRecords } from '../../shared/adapters/dynamodb/request-store.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { StoredItemError } from '../../shared/adapters/dynamodb/items.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import type { PieceRecord } from '../../shared/domain/distribution/model.js';

/**
 * A stored item of another shape than the code reads (an older version's item, a hand edit, a
 * corrupted write) fails loudly where it is read, naming the item's key and the field, instead of
 * flowing on as a domain object with a wrong field (a string where shares are summed, say).
 */
describe('stored items are parsed, not cast', () => {
  let p: TestPlatform;
  let holders: DynamoHolderStore;
  const M = 'stored-items';

  // Every field a holder can carry, optional ones included, so a mapper that drops one fails the round trip.
  const holder: Holder = {
    meetingId: M,
    accountId: 'A-1',
    name: 'Ada Lovelace',
    coOwner: 'William King',
    address: {
      lines: ['12 Main St', 'Apt 4'],
      city: 'Dover',
      state: 'DE',
      postalCode: '19901',
      country: 'US',
      military: false,
    },
    shares: 1200,
    email: 'ada@example.com',
    edeliveryConsent: true,
    householdingConsent: 'implied',
    deliveryElection: 'email',
    addressKey: 'US|19901|DE|DOVER|12 MAIN ST||#4|',
    controlSeq: 7,
    controlHash: 'h7',
    source: { id: 'file-1', line: 2 },
    updatedAt: '2026-11-30T12:00:00Z',
    householding: { consentedOn: '2026-01-02', separateCopyRequests: ['2026-02-03'] },
    electedByRequest: { election: 'paper', on: '2026-03-04' },
    emailUndeliverable: { email: 'old@example.com', on: '2026-04-05', reason: 'bounce' },
  };

  beforeAll(async () => {
    p = await startTestPlatform();
    holders = new DynamoHolderStore(p.clients.documents, p.config.tableName);
  });
  afterAll(async () => p?.stop());

  const corrupt = (key: Record<string, unknown>, set: string, value: unknown) =>
    p.clients.documents.send(
      new UpdateCommand({
        TableName: p.config.tableName,
        Key: key,
        UpdateExpression: `SET ${set} = :v`,
        ExpressionAttributeValues: { ':v': value },
      }),
    );

  it('a holder written and read back is the same holder, every optional field kept', async () => {
    await holders.putHolders([holder]);
    expect(await holders.getHolder(M, 'A-1')).toStrictEqual(holder);
  });

  it('a holder whose shares were stored as text fails, naming the item and the field', async () => {
    await holders.putHolders([{ ...holder, accountId: 'A-2' }]);
    const key = keys.holder(M, 'A-2');
    await corrupt(key, 'shares', '1200');
    const read = holders.getHolder(M, 'A-2');
    await expect(read).rejects.toThrow(StoredItemError);
    await expect(read).rejects.toThrow(`stored holder ${key.pk} ${key.sk}: shares is a string, not a number`);
    // Every read path parses: a batch read too.
    await expect(holders.getHolders(M, ['A-1', 'A-2'])).rejects.toThrow('shares is a string, not a number');
  });

  it('a holder missing a nested field fails, naming the nested path', async () => {
    await holders.putHolders([{ ...holder, accountId: 'A-3' }]);
    await corrupt(keys.holder(M, 'A-3'), 'address.city', 7);
    await expect(holders.getHolder(M, 'A-3')).rejects.toThrow('address.city is a number, not a string');
  });

  it('a piece with a status the code does not know fails', async () => {
    const ledger = new DynamoPieceLedger(p.clients.documents, p.config.tableName);
    const piece: PieceRecord = {
      meetingId: M,
      pieceId: 'p1',
      runId: 'full-set',
      channel: 'mail',
      content: 'full-set',
      recipient: 'holder',
      accounts: ['A-1'],
      status: 'sending',
      claimedAt: '2026-11-30T12:00:00Z',
    };
    await ledger.claim(piece);
    expect(await ledger.getPiece(M, 'p1')).toStrictEqual(piece);
    await p.clients.documents.send(
      new UpdateCommand({
        TableName: p.config.tableName,
        Key: keys.piece(M, 'p1'),
        UpdateExpression: 'SET #s = :v',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':v': 'posted' },
      }),
    );
    await expect(ledger.getPiece(M, 'p1')).rejects.toThrow('status is a string, not one of sending, sent');
  });

  it('a distribution run of another shape fails (zod), naming the item and the issue', async () => {
    const ledger = new DynamoPieceLedger(p.clients.documents, p.config.tableName);
    await p.clients.documents.send(
      new PutCommand({
        TableName: p.config.tableName,
        Item: { ...keys.distribution(M, 'full-set'), run: { meetingId: M, runId: 'full-set', status: 'sent' } },
      }),
    );
    await expect(ledger.getRun(M, 'full-set')).rejects.toThrow(
      new RegExp(`^stored distribution run MEETING#${M} DISTRIBUTION#full-set: run is not valid: .*status`),
    );
  });

  it('a request of an unknown kind fails', async () => {
    await p.clients.documents.send(
      new PutCommand({
        TableName: p.config.tableName,
        Item: {
          ...keys.request(M, 'r1'),
          meetingId: M,
          requestId: 'r1',
          kind: 'fax-copy',
          accountId: 'A-1',
          receivedAt: '2026-11-30T12:00:00Z',
          countsFrom: '2026-11-30',
          basis: 'x',
          status: 'received',
        },
      }),
    );
    const requests = new DynamoRequestRecords(p.clients.documents, p.config.tableName);
    await expect(requests.get(M, 'r1')).rejects.toThrow('kind is a string, not one of');
  });

  it('a meeting stored without its bookkeeping fails', async () => {
    await p.clients.documents.send(
      new PutCommand({ TableName: p.config.tableName, Item: { ...keys.meeting('broken'), data: { id: 'broken' } } }),
    );
    const meetings = new DynamoMeetingRepository(p.clients.documents, p.config.tableName);
    await expect(meetings.get('broken')).rejects.toThrow(StoredItemError);
  });
});
