import { Option } from 'commander';
import { UsageError } from './output.js';

/**
 * The options the platform commands share, declared once: `.addOption(meetingOption())`,
 * `.addOption(dataDirOption())`, `.addOption(jsonOption())`. A command may word the help for its
 * `--meeting` or `--data-dir`; the flag and its parsing stay the same everywhere.
 */
export interface PlatformOptions {
  meeting?: string;
  dataDir?: string;
  json?: boolean;
}

export const meetingOption = (description = 'meeting id') => new Option('--meeting <id>', description);

export const DATA_DIR_WITH_DEFAULT = 'local data directory (default .proxydesk or $PROXYDESK_DATA_DIR)';
export const dataDirOption = (description = 'local data directory') => new Option('--data-dir <dir>', description);

export const jsonOption = () => new Option('--json', 'one JSON document on stdout');

/** A required `--meeting`: absent, a usage error naming it (one line, exit 2). */
export function requireMeeting<T extends { meeting?: string }>(
  opts: T,
  message = 'is required',
): asserts opts is T & { meeting: string } {
  if (!opts.meeting) throw new UsageError('--meeting', message);
}
