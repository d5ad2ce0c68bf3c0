#!/usr/bin/env node
// The CLI entry: argv → command → exit code. The one place that maps errors to exit codes.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError, InterruptedError, TargetError } from '../model/errors.ts';
import type { Io } from './io.ts';
import { didYouMean } from '../scenario/suggest-name.ts';
import { isCommandName, renderCommandHelp } from './command-specs.ts';
import { parseCliOptions } from './options.ts';
import { renderUsage } from './usage.ts';
import { readVersion } from './version.ts';
import { COMMANDS } from './commands/index.ts';

/** Exit codes of cli.md, by error type. */
export const exitCodeForError = (error: unknown): number =>
  error instanceof InputError ? 2 : error instanceof InterruptedError ? 130 : 3;

const describeError = (error: unknown): string => {
  if (error instanceof InputError) return error.problems.join('\n');
  if (error instanceof TargetError) return `netpol-probe: ${error.message}${error.hint === undefined ? '' : `\n  ${error.hint}`}`;
  if (error instanceof InterruptedError) return `netpol-probe: ${error.message}; everything the run created was removed`;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `netpol-probe: internal error (please report it):\n${detail}`;
};

const unknownCommand = (name: string): InputError =>
  new InputError([
    `unknown command ${JSON.stringify(name)}${didYouMean(name, Object.keys(COMMANDS))}; commands: ${Object.keys(COMMANDS).join(', ')}. See 'netpol-probe --help'.`,
  ]);

/** Run the CLI with the given argv; resolves to the exit code. */
export const runCli = async (argv: readonly string[], io: Io): Promise<number> => {
  try {
    const options = parseCliOptions(argv, { noColor: io.env['NO_COLOR'] !== undefined, tty: io.stdoutIsTTY });
    if (options.version) {
      io.stdout(`${readVersion()}\n`);
      return 0;
    }
    const helpFor = options.command === 'help' ? options.positionals[0] : options.help ? options.command : undefined;
    if (helpFor !== undefined) {
      if (!isCommandName(helpFor)) throw unknownCommand(helpFor);
      io.stdout(renderCommandHelp(helpFor));
      return 0;
    }
    if (options.help || options.command === undefined || options.command === 'help') {
      (options.command === undefined && !options.help ? io.stderr : io.stdout)(renderUsage());
      return options.command === undefined && !options.help ? 2 : 0;
    }
    const command = COMMANDS[options.command];
    if (command === undefined) throw unknownCommand(options.command);
    return await command(options, io);
  } catch (error) {
    io.stderr(`${describeError(error)}\n`);
    return exitCodeForError(error);
  }
};

const isEntry = (): boolean => {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
};

if (isEntry()) {
  // Output piped into `head` and closed early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const code = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    writeStdout: (text) =>
      new Promise<void>((resolve) => {
        if (process.stdout.write(text)) resolve();
        else
          process.stdout.once('drain', () => {
            resolve();
          });
      }),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY,
    stderrIsTTY: process.stderr.isTTY,
    ...(process.stdout.isTTY ? { stdoutColumns: process.stdout.columns } : {}),
    env: process.env,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
