// Before anything is created: the local target needs root and a handful of standard tools.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { TargetError } from '../../model/errors.ts';
import { buildToolPath } from './tool-path.ts';

/** Each tool the local target runs, and the Debian/Ubuntu package that provides it. */
export const REQUIRED_TOOLS = [
  { tool: 'ip', package: 'iproute2' },
  { tool: 'ss', package: 'iproute2' },
  { tool: 'nft', package: 'nftables' },
  { tool: 'socat', package: 'socat' },
  { tool: 'nc', package: 'netcat-openbsd' },
  { tool: 'curl', package: 'curl' },
  { tool: 'timeout', package: 'coreutils' },
] as const;
export type RequiredTool = (typeof REQUIRED_TOOLS)[number]['tool'];

export interface PreflightEnvironment {
  /** The effective user id; undefined where the platform has none. */
  readonly uid: number | undefined;
  /** Whether an executable of that name is on the tool PATH. */
  readonly hasTool: (tool: RequiredTool) => Promise<boolean>;
}

/** One message naming every missing tool and the packages to install, so one fix suffices. */
export const renderMissingTools = (missing: readonly RequiredTool[]): string => {
  const packages = [...new Set(REQUIRED_TOOLS.filter((t) => missing.includes(t.tool)).map((t) => t.package))];
  return `the local target needs ${missing.join(', ')} on PATH, not found. ` + `Install: apt-get install ${packages.join(' ')}`;
};

/** Check root and tools; throws a TargetError (exit 3) that says what to do. */
export const checkLocalPrerequisites = async (environment: PreflightEnvironment): Promise<void> => {
  if (environment.uid !== 0) {
    throw new TargetError(
      `the local target needs root to create network namespaces and nftables rules, running as uid ${String(environment.uid ?? 'unknown')}`,
      { hint: 'run as root (e.g. sudo netpol-probe run …), or use --target kube' },
    );
  }
  const present = await Promise.all(REQUIRED_TOOLS.map((t) => environment.hasTool(t.tool)));
  const missing = REQUIRED_TOOLS.filter((_, i) => present[i] !== true).map((t) => t.tool);
  if (missing.length > 0) throw new TargetError(renderMissingTools(missing));
};

/** Whether an executable file of that name is in one of the PATH directories. */
export const findToolOnPath = async (tool: string, path: string = buildToolPath(process.env['PATH'])): Promise<boolean> => {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, tool);
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return true;
    } catch {
      // not here; try the next directory
    }
  }
  return false;
};

/** The preflight of the real machine: this process's uid and the PATH its tools run with. */
export const runLocalPreflight = (): Promise<void> =>
  checkLocalPrerequisites({ uid: process.getuid?.(), hasTool: (tool) => findToolOnPath(tool) });
