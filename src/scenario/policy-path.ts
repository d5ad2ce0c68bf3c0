// Where a scenario's `file:` policy reference lives, computed without touching the file system.

const normalize = (path: string): string => {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
};

/** The path of a policy file referenced from a scenario: relative to the scenario's directory unless absolute. */
export const resolvePolicyPath = (scenarioFile: string, reference: string): string => {
  if (reference.startsWith('/')) return normalize(reference);
  const slash = scenarioFile.lastIndexOf('/');
  return normalize(slash < 0 ? reference : `${scenarioFile.slice(0, slash + 1)}${reference}`);
};
