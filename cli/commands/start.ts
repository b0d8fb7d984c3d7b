import { Command } from 'commander';
import { fail } from '../output.js';
import { dataDirOption, DATA_DIR_WITH_DEFAULT } from '../options.js';

/** `npm start` / `proxydesk start`: the whole platform on loopback, until Ctrl-C. */
export function startCommand(): Command {
  return new Command('start')
    .description('run the platform locally: DynamoDB, S3 and SES servers, the API and the pages')
    .option('--port <n>', 'API and pages port (default 3000 or $PROXYDESK_PORT)')
    .addOption(dataDirOption(DATA_DIR_WITH_DEFAULT))
    .action(async (opts: { port?: string; dataDir?: string }) => {
      try {
        const { runLocalPlatform } = await import('../local/run.js');
        await runLocalPlatform(opts);
      } catch (err) {
        process.exitCode = fail(err, {});
      }
    });
}
