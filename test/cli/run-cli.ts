// Drive the CLI in-process and capture what it prints.
import { runCli } from '../../src/cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `netpol-probe ...args` with a non-TTY, colorless io. */
export const runCliCaptured = async (args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliRun> => {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env,
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
};
