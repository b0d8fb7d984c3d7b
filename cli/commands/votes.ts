import { Command } from 'commander';
import { votesImportCommand } from './votes-import.js';
import { votesNomineeReportCommand } from './votes-nominee.js';

/**
 * `proxydesk votes`: the proxies proxydesk takes. `votes import` (phone and mailed-card files) lives in
 * votes-import.ts; the operator's views and records (status, show, revoke, ballots at the meeting) here.
 */
export function votesCommand(): Command {
  const votes = new Command('votes').description('proxies taken online, by phone and by mailed card');
  votes.addCommand(votesImportCommand());
  votes.addCommand(votesNomineeReportCommand());
  return votes;
}
