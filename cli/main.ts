import { Command, CommanderError } from 'commander';
import { deadlinesCommand } from './commands/deadlines.js';
import { meetingsCommand } from './commands/meetings.js';
import { holdersCommand } from './commands/holders.js';
import { startCommand } from './commands/start.js';
import { householdingCommand, householdsCommand } from './commands/households.js';
import { requestsCommand } from './commands/requests.js';
import { votesCommand } from './commands/votes.js';
import { solicitationCommand, tabulateCommand } from './commands/tabulate.js';
import { distributeCommand, distributionCommand, materialsCommand } from './commands/distribution.js';
import { EXIT } from './output.js';

export function buildProgram(): Command {
  const program = new Command('proxydesk')
    .description('proxydesk — the stockholder side of an annual meeting')
    // Options after a subcommand belong to it (`deadlines check --prior-meeting …`).
    .enablePositionalOptions()
    .configureOutput({
      // Commander's own errors are bad arguments: one line on stderr, exit 2.
      outputError: (message, write) => write(message.split('\n')[0] + '\n'),
    });
  program.addCommand(deadlinesCommand());
  program.addCommand(meetingsCommand());
  program.addCommand(holdersCommand());
  program.addCommand(householdsCommand());
  program.addCommand(householdingCommand());
  program.addCommand(materialsCommand());
  program.addCommand(distributeCommand());
  program.addCommand(distributionCommand());
  program.addCommand(requestsCommand());
  program.addCommand(votesCommand());
  program.addCommand(tabulateCommand());
  program.addCommand(solicitationCommand());
  program.addCommand(startCommand());
  const exitOnError = (cmd: Command) => {
    cmd.exitOverride((err: CommanderError) => {
      throw err;
    });
    cmd.commands.forEach(exitOnError);
  };
  exitOnError(program);
  return program;
}

/** Runs the CLI; resolves when the command is done (exit status in process.exitCode). */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.badArguments;
      return;
    }
    process.stderr.write(`proxydesk: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = EXIT.rejected;
  }
}
