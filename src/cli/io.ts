// Where commands write: injected so commands can be driven from tests.
export interface Io {
  readonly stdout: (text: string) => void;
  /** Large outputs: resolves once the text is handed on (waits for the pipe to drain). */
  readonly writeStdout?: (text: string) => Promise<void>;
  readonly stderr: (text: string) => void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** The terminal's width when stdout is one (text is wrapped to it, within 80..160). */
  readonly stdoutColumns?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}
