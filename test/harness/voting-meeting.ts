import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../../shared/domain/holders/schema.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import { createMeeting } from '../../shared/domain/meetings/use-cases.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import { testRoot, type TestPlatform } from './platform.js';

/**
 * A copy of the seed meeting under `id` (changed by `edit`, if given), created on 2024-06-01, with a generated
 * registered list of `rows` holders (`totalShares`: the meeting's shares outstanding unless given) imported; its
 * holders as stored and their control numbers, in the same order. For the tests that vote or request with a
 * control number.
 */
export async function seedVotingMeeting(
  p: TestPlatform,
  secret: string,
  opts: { id: string; rows: number; seed: number; totalShares?: number; edit?: (file: Meeting) => Meeting },
): Promise<{ meeting: Meeting; holders: Holder[]; numbers: string[] }> {
  const a = await testRoot(p, secret).holders();
  const seed = JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting;
  const { meeting } = await createMeeting(
    {
      meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName),
      now: () => '2024-06-01T00:00:00Z',
    },
    (opts.edit ?? ((file) => file))({ ...seed, id: opts.id }),
  );
  const totalShares = opts.totalShares ?? meeting.meeting.sharesOutstanding;
  const text = [...generateRegisteredCsv({ rows: opts.rows, totalShares, seed: opts.seed })].join('\n');
  await importHolders(
    { ...a, now: () => '2024-06-01T00:00:00Z' },
    {
      meeting,
      kind: 'registered',
      sourceId: 'gen',
      sourceName: 'gen.csv',
      records: readCsvRecords(Readable.from([text]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
    },
  );
  const holders = (await a.holders.listHolders(meeting.id, { limit: opts.rows })).holders;
  const numbers = a.controlNumbers.controlNumbers(
    meeting.id,
    holders.map((h) => h.controlSeq),
  );
  return { meeting, holders, numbers };
}
