import { createClients } from '#shared/adapters/clients.js';
import { loadLocalSettings } from '#shared/config.js';
import { createRoot, type Root } from '#shared/composition/root.js';
import {
  clearRuntimeState,
  localPlatformConfig,
  loadDemoHolders,
  prepareLocal,
  readRuntimeState,
  resolveDataDir,
  writeRuntimeState,
} from '../platform.js';
import { startLocalServers } from './servers.js';
import { loadHandlers } from './handlers.js';
import { startApiServer, type Handlers } from './http-server.js';
import { localPages } from './pages.js';
import { startLocalImports } from './imports.js';
import { startLocalDistributions, startLocalFulfilment, startLocalRequestCheck } from './workers.js';
import { EXIT, UsageError, table } from '../output.js';

/**
 * The local platform until Ctrl-C: the embedded servers on the data directory, the table and
 * buckets, the demo meeting, the API (the Lambda handlers in-process) and the pages.
 */
export async function runLocalPlatform(opts: { port?: string; dataDir?: string }): Promise<void> {
  const portText = opts.port ?? loadLocalSettings().port ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port', `must be a port number 0–65535, got ${portText}`);
  const dataDir = resolveDataDir(opts.dataDir);
  const running = readRuntimeState(dataDir);
  if (running) {
    process.stderr.write(`proxydesk: already running on ${dataDir} (pid ${running.pid}) at ${running.apiUrl}\n`);
    process.exitCode = EXIT.rejected;
    return;
  }
  const servers = await startLocalServers({ dataDir });
  // The API listens first: its address is the platform's public URL (the voting page the Notice and the
  // materials emails name), which goes into the config the handlers and workers run with. Its handlers are
  // filled in below, before the address is announced.
  const handlers: Partial<Handlers> = {};
  const urls: Record<string, string> = {};
  const built: { root?: Root } = {};
  let api;
  try {
    api = await startApiServer({
      port,
      handlers,
      pages: localPages(handlers, urls, async (meetingId) => (built.root ? built.root.materials(meetingId) : [])),
    });
  } catch (err) {
    await servers.stop();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UsageError('--port', `port ${port} is in use; pass another`);
    throw err;
  }
  const config = localPlatformConfig(servers.endpoints, dataDir, api.url);
  const clients = createClients(config);
  const root = createRoot(config, clients);
  built.root = root;
  await prepareLocal(root);
  const demoHolders = await loadDemoHolders(root);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const imports = await startLocalImports(servers, config, log);
  const distributions = await startLocalDistributions(imports.queue, imports.config, log);
  const fulfilment = await startLocalFulfilment(imports.queue, distributions.config, log);
  // The API functions get the queue URLs too (the distributions API and the requests API queue jobs).
  Object.assign(handlers, await loadHandlers(fulfilment.config));
  // The scheduled check (EventBridge every 15 minutes on AWS): here every 5 minutes, into this log.
  const check = startLocalRequestCheck(root, log);
  Object.assign(urls, {
    'API and pages': api.url,
    'Sent mail (local SES viewer)': servers.sesViewerUrl,
    'DynamoDB endpoint (dynalite)': servers.endpoints.dynamodb,
    'S3 endpoint (s3rver)': servers.endpoints.s3,
    'SES endpoint (aws-ses-v2-local)': servers.endpoints.ses,
  });
  writeRuntimeState(dataDir, {
    pid: process.pid,
    startedAt: new Date().toISOString(), // the process's real start, not a rehearsed instant
    endpoints: servers.endpoints,
    sesViewerUrl: servers.sesViewerUrl,
    apiUrl: api.url,
  });
  process.stdout.write(
    [
      `proxydesk is running (data in ${dataDir}). Ctrl-C stops it.`,
      '',
      table(Object.entries(urls)),
      '',
      `Demo meeting: ${api.url}/pages/meetings/sonim-2024${demoHolders ? ` (loaded a generated list of ${demoHolders.toLocaleString('en-US')} holders)` : ''}`,
      `Rehearsal meeting (notice and access, dated from today; REHEARSAL ONLY): ${api.url}/pages/meetings/rehearsal`,
      `Materials website (stockholders ask for copies here): ${api.url}/materials/rehearsal`,
      `Voting page (stockholders vote with their control number): ${api.url}/vote/rehearsal`,
      `Results (operators; a running tally until the polls close, confidential): ${api.url}/meetings/sonim-2024/results/page` +
        ` · the inspector's certificate: ${api.url}/meetings/sonim-2024/results/certificate`,
      `Households: npx proxydesk households --meeting sonim-2024`,
      `Distribute: npx proxydesk materials upload --meeting sonim-2024 --file proxy-statement.pdf, then npx ` +
        `proxydesk distribute --meeting sonim-2024 --method full-set --as-of 2024-06-05`,
      `Try: curl '${api.url}/deadlines?priorMeeting=2024-06-20&priorRelease=2024-06-05&tz=America/Los_Angeles'`,
      `Holder lists: npx proxydesk holders import …, or upload to s3://${config.importsBucket}/imports/<meeting>/<registered|nominee>/<name>.csv`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    clearInterval(check);
    await api.close();
    await imports.queue.stop();
    await servers.stop();
    clearRuntimeState(dataDir);
    process.exit(EXIT.ok);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
