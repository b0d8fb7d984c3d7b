import { Command, CommanderError } from 'commander';
import { EXIT } from './output.js';

/**
 * The commands, each loaded when it is run: a command's module (and what it imports: the AWS
 * SDK, zod schemas, …) is read only for that command, so `proxydesk households --file` starts
 * without the others. Listing them all (`--help`, no or an unknown command) loads them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command[]>>> = {
  deadlines: async () => [(await import('./commands/deadlines.js')).deadlinesCommand()],
  meetings: async () => [(await import('./commands/meetings.js')).meetingsCommand()],
  holders: async () => [(await import('./commands/holders.js')).holdersCommand()],
  households: async () => [(await import('./commands/households.js')).householdsCommand()],
  householding: async () => [(await import('./commands/households.js')).householdingCommand()],
  materials: async () => [(await import('./commands/distribution.js')).materialsCommand()],
  distribute: async () => [(await import('./commands/distribution.js')).distributeCommand()],
  distribution: async () => [(await import('./commands/distribution.js')).distributionCommand()],
  requests: async () => [(await import('./commands/requests.js')).requestsCommand()],
  votes: async () => [(await import('./commands/votes.js')).votesCommand()],
  tabulate: async () => [(await import('./commands/tabulate.js')).tabulateCommand()],
  solicitation: async () => [(await import('./commands/tabulate.js')).solicitationCommand()],
  start: async () => [(await import('./commands/start.js')).startCommand()],
};

/** The program with the named command only, or (no name, or not a command's) with every command, in the listed order. */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('proxydesk')
    .description('proxydesk — the stockholder side of an annual meeting')
    // Options after a subcommand belong to it (`deadlines check --prior-meeting …`).
    .enablePositionalOptions()
    .configureOutput({
      // Commander's own errors are bad arguments: one line on stderr, exit 2.
      outputError: (message, write) => write(message.split('\n')[0] + '\n'),
    });
  const load = only !== undefined && Object.hasOwn(COMMANDS, only) ? [COMMANDS[only]!] : Object.values(COMMANDS);
  for (const commands of await Promise.all(load.map((l) => l()))) for (const c of commands) program.addCommand(c);
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
  try {
    // argv: node, the script, then the command's name (or an option such as --help).
    const program = await buildProgram(argv[2]);
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
