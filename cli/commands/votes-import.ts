import { Command } from 'commander';

/** `proxydesk votes import --meeting M --channel phone|mail --file F` (issue 12; being built). */
export function votesImportCommand(): Command {
  return new Command('import').description('store a telephone-vote or mailed-card file (not yet available)');
}
