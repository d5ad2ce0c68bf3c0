// The only file of the scenario layer that reads files: scenario, referenced policy files, plain manifests.
import type { ValidationRules } from '../engine/validate.ts';
import { readFile } from 'node:fs/promises';
import { InputError } from '../model/errors.ts';
import type { Scenario } from '../model/scenario.ts';
import type { PolicyFileContent } from './build-policies.ts';
import type { ManifestOptions, PolicyManifests } from './build-policy-manifests.ts';
import { buildPolicyManifests } from './build-policy-manifests.ts';
import { buildScenario, listPolicyFiles } from './build-scenario.ts';

export { looksLikeScenario } from './build-scenario.ts';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
};

const reasonOf = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return (code === undefined ? undefined : REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
};

const readContent = async (path: string): Promise<PolicyFileContent> => {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (error) {
    return { error: reasonOf(error) };
  }
};

/** A file's text; a file that cannot be read is an InputError worded the same for every command. */
export const readInputFile = async (path: string): Promise<string> => {
  const content = await readContent(path);
  if ('error' in content) throw new InputError([`${path}: cannot read: ${content.error}`]);
  return content.text;
};

/** Read a scenario and the policy files it references, then validate it all; InputError carries every problem. */
export const loadScenario = async (path: string, rules?: ValidationRules): Promise<Scenario> => {
  const text = await readInputFile(path);
  const files = listPolicyFiles(path, text);
  const contents = await Promise.all(files.map(async (file) => [file, await readContent(file)] as const));
  const result = buildScenario({
    file: path,
    text,
    policyFiles: Object.fromEntries(contents),
    ...(rules === undefined ? {} : { rules }),
  });
  if ('errors' in result) throw new InputError(result.errors);
  return result.value;
};

/** Read plain NetworkPolicy and ClusterNetworkPolicy manifests (multi-document, List, NetworkPolicyList or ClusterNetworkPolicyList) for `validate`. */
export const loadPolicyManifests = async (path: string, options: ManifestOptions = {}): Promise<PolicyManifests> => {
  const result = buildPolicyManifests(path, await readInputFile(path), options);
  if ('errors' in result) throw new InputError(result.errors);
  return result.value;
};
