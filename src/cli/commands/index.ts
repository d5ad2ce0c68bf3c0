// Command name → implementation.
import type { Io } from '../io.ts';
import type { CliOptions } from '../options.ts';
import { explainCommand } from './explain.ts';
import { predictCommand } from './predict.ts';
import { validateCommand } from './validate.ts';

export type Command = (options: CliOptions, io: Io) => Promise<number>;

export const COMMANDS: Readonly<Record<string, Command>> = {
  predict: predictCommand,
  validate: validateCommand,
  explain: explainCommand,
};
