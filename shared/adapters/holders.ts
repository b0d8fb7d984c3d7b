import type { Clients } from './clients.js';
import type { Config } from '../config.js';
import { ControlNumberCrypto } from './crypto/control-numbers.js';
import { DynamoHolderStore, controlNumberIssuer } from './dynamodb/holder-store.js';
import { loadControlSecret } from './secrets.js';
import type { ControlNumberIssuer } from '../domain/holders/model.js';

/** The holder-list adapters, wired from config and the control-number secret. */
export interface HolderAdapters {
  readonly holders: DynamoHolderStore;
  readonly controlNumbers: ControlNumberIssuer;
}

export async function holderAdapters(
  clients: Clients,
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HolderAdapters> {
  const holders = new DynamoHolderStore(clients.documents, config.tableName);
  const crypto = new ControlNumberCrypto(await loadControlSecret(env));
  return { holders, controlNumbers: controlNumberIssuer(holders, crypto) };
}
