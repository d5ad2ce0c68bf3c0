// Command name → implementation.
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';
import { cleanupCommand } from './cleanup.ts';
import { compareCommand } from './compare.ts';
import { explainCommand } from './explain.ts';
import { generateCommand } from './generate.ts';
import { predictCommand } from './predict.ts';
import { reportCommand } from './report.ts';
import { runCommand } from './run.ts';
import { validateCommand } from './validate.ts';

export type Command = (options: CliOptions, io: Io) => Promise<number>;

export const COMMANDS: Readonly<Record<string, Command>> = {
  predict: predictCommand,
  validate: validateCommand,
  explain: explainCommand,
  run: runCommand,
  cleanup: cleanupCommand,
  generate: generateCommand,
  report: reportCommand,
  compare: compareCommand,
};
