// `spec.probe`: how probes run (method, timeout, address families), with defaults.
import type { Family } from '../model/cluster.ts';
import { FAMILIES } from '../model/cluster.ts';
import type { ProbeSettings } from '../model/scenario.ts';
import { PROBE_METHODS } from '../model/scenario.ts';
import { asList, asObject, asOneOf, describeValue, optionalField } from './field-checks.ts';
import { parseDuration } from './parse-duration.ts';
import type { Report } from './problems.ts';

export const DEFAULT_TIMEOUT_MS = 1000;
export const TIMEOUT_BOUNDS_MS = { min: 100, max: 60_000 } as const;
export const DEFAULT_FAMILIES: readonly Family[] = ['IPv4'];

const buildTimeout = (value: unknown, report: Report): number => {
  const path = ['spec', 'probe', 'timeout'];
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) {
    report(path, `must be a duration such as 500ms, 1s or 1.5s, got ${describeValue(value)}`);
    return DEFAULT_TIMEOUT_MS;
  }
  if (ms < TIMEOUT_BOUNDS_MS.min || ms > TIMEOUT_BOUNDS_MS.max) {
    report(path, `must be between 100ms and 60s, got ${String(value)}`);
    return DEFAULT_TIMEOUT_MS;
  }
  return ms;
};

const buildFamilies = (value: unknown, report: Report): readonly Family[] => {
  const path = ['spec', 'probe', 'families'];
  const list = asList(value, path, report);
  if (list === undefined) return DEFAULT_FAMILIES;
  if (list.length === 0) {
    report(path, 'must list at least one of IPv4, IPv6 (omit it for [IPv4])');
    return DEFAULT_FAMILIES;
  }
  const families: Family[] = [];
  for (const [index, item] of list.entries()) {
    const family = asOneOf(item, [...path, index], FAMILIES, report);
    if (family === undefined) continue;
    if (families.includes(family)) report([...path, index], `duplicate family ${family}`);
    else families.push(family);
  }
  return families.length === 0 ? DEFAULT_FAMILIES : families;
};

/** Probe settings with defaults filled in (timeout 1s, families [IPv4]); every problem goes to `report`. */
export const buildProbeSettings = (value: unknown, report: Report): ProbeSettings => {
  const defaults: ProbeSettings = { timeoutMs: DEFAULT_TIMEOUT_MS, families: DEFAULT_FAMILIES };
  if (value === undefined) return defaults;
  const probe = asObject(value, ['spec', 'probe'], ['method', 'timeout', 'families'], report);
  if (probe === undefined) return defaults;
  const methodValue = optionalField(probe, 'method');
  const method = methodValue === undefined ? undefined : asOneOf(methodValue, ['spec', 'probe', 'method'], PROBE_METHODS, report);
  const timeoutValue = optionalField(probe, 'timeout');
  const familiesValue = optionalField(probe, 'families');
  return {
    ...(method === undefined ? {} : { method }),
    timeoutMs: timeoutValue === undefined ? DEFAULT_TIMEOUT_MS : buildTimeout(timeoutValue, report),
    families: familiesValue === undefined ? DEFAULT_FAMILIES : buildFamilies(familiesValue, report),
  };
};
