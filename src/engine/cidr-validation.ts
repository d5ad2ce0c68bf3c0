// ipBlock CIDR validation as the API server does it, on Go's own parsing rules:
// - k8s.io/apimachinery/pkg/util/validation/ip.go parseCIDR / IsValidCIDRForLegacyField: the value must
//   parse with netutils.ParseCIDRSloppy (Go 1.16's net.ParseCIDR, k8s.io/utils forked it to keep leading
//   zeros); under StrictIPCIDRValidation (on by default from Kubernetes 1.36, kubernetes/kubernetes#137053)
//   it must also parse with net/netip.ParsePrefix, must not be IPv4-mapped IPv6, and must not have bits
//   set beyond the prefix length;
// - pkg/apis/networking/validation ValidateIPBlock: cidr required; every except checked the same way and
//   a strict subset of cidr, compared as net.IPNet.Contains and IPMask.Size do (on the sloppy parse).
// Pure.
import type { FieldPath } from '../model/field-error.ts';

/** One problem: the path below the ipBlock, the bad value and the detail (field.Invalid) or a Required. */
export interface IpBlockProblem {
  readonly path: FieldPath;
  readonly kind: 'invalid' | 'required';
  readonly value: string;
  readonly detail: string;
}

export const CIDR_DETAILS = {
  invalid: 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  leadingZeros: 'must not have leading 0s in IP or prefix length',
  mapped: 'must not have an IPv4-mapped IPv6 address',
  hostBits: 'must not have bits set beyond the prefix length',
  notSubset: 'must be a strict subset of `cidr`',
} as const;

type Bytes = readonly number[];

/** A Go net.IPNet: IP (4 or 16 bytes) and Mask (4 or 16 bytes). */
interface GoIpNet {
  readonly ip: Bytes;
  readonly mask: Bytes;
}

const BIG = 0xffffff;
const V4_IN_V6_PREFIX: Bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const hexValue = (c: string | undefined): number => {
  if (c === undefined) return -1;
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
};

/** Go's net dtoi: decimal digits at the start of s; ok is false without any or past 2^24. */
const dtoi = (s: string): { n: number; end: number; ok: boolean } => {
  let n = 0;
  let i = 0;
  for (; i < s.length && isDigit(s[i]); i++) {
    n = n * 10 + (s.charCodeAt(i) - 48);
    if (n >= BIG) return { n: BIG, end: i, ok: false };
  }
  return i === 0 ? { n: 0, end: 0, ok: false } : { n, end: i, ok: true };
};

/** Go's net xtoi: hex digits at the start of s. */
const xtoi = (s: string): { n: number; end: number; ok: boolean } => {
  let n = 0;
  let i = 0;
  for (; i < s.length && hexValue(s[i]) >= 0; i++) {
    n = n * 16 + hexValue(s[i]);
    if (n >= BIG) return { n: 0, end: i, ok: false };
  }
  return i === 0 ? { n: 0, end: 0, ok: false } : { n, end: i, ok: true };
};

/** The forked parseIPv4 (leading zeros allowed, read as decimal): 16 bytes, or undefined. */
const sloppyIPv4 = (text: string): Bytes | undefined => {
  let s = text;
  const octets: number[] = [];
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return undefined;
    if (i > 0) {
      if (s[0] !== '.') return undefined;
      s = s.slice(1);
    }
    const { n, end, ok } = dtoi(s);
    if (!ok || n > 0xff) return undefined;
    s = s.slice(end);
    octets.push(n);
  }
  return s.length === 0 ? [...V4_IN_V6_PREFIX, ...octets] : undefined;
};

/** The forked parseIPv6: 16 bytes, or undefined. */
const sloppyIPv6 = (text: string): Bytes | undefined => {
  let s = text;
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const { n, end, ok } = xtoi(s);
    if (!ok || n > 0xffff) return undefined;
    if (end < s.length && s[end] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const ip4 = sloppyIPv4(s);
      if (ip4 === undefined) return undefined;
      for (let k = 0; k < 4; k++) ip[i + k] = ip4[12 + k] ?? 0;
      s = '';
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(end);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const shift = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + shift] = ip[j] ?? 0;
    for (let j = ellipsis + shift - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) return undefined;
  return ip;
};

const cidrMask = (ones: number, bits: number): Bytes =>
  Array.from({ length: bits / 8 }, (_, index) => {
    const left = Math.min(Math.max(ones - index * 8, 0), 8);
    return (0xff00 >> left) & 0xff;
  });

/** net.IP.Mask. */
const maskIp = (ip: Bytes, mask: Bytes): Bytes | undefined => {
  let m = mask;
  let address = ip;
  if (m.length === 16 && address.length === 4 && m.slice(0, 12).every((b) => b === 0xff)) m = m.slice(12);
  if (m.length === 4 && address.length === 16 && V4_IN_V6_PREFIX.every((b, k) => address[k] === b)) address = address.slice(12);
  if (address.length !== m.length) return undefined;
  return address.map((b, k) => b & (m[k] ?? 0));
};

/** netutils.ParseCIDRSloppy: the network it names, or undefined when it does not parse. */
const parseCidrSloppy = (text: string): GoIpNet | undefined => {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const maskText = text.slice(slash + 1);
  let bytes = 4;
  let ip = sloppyIPv4(address);
  if (ip === undefined) {
    bytes = 16;
    ip = sloppyIPv6(address);
  }
  const { n, end, ok } = dtoi(maskText);
  if (ip === undefined || !ok || end !== maskText.length || n > 8 * bytes) return undefined;
  const mask = cidrMask(n, 8 * bytes);
  const network = maskIp(ip, mask);
  return network === undefined ? undefined : { ip: network, mask };
};

/** net.IP.To4. */
const to4 = (ip: Bytes): Bytes | undefined => {
  if (ip.length === 4) return ip;
  if (ip.length === 16 && V4_IN_V6_PREFIX.every((b, k) => ip[k] === b)) return ip.slice(12);
  return undefined;
};

/** net.IPNet.Contains. */
const netContains = (net: GoIpNet, candidate: Bytes): boolean => {
  let nn = to4(net.ip);
  if (nn === undefined) {
    nn = net.ip;
    if (nn.length !== 16) return false;
  }
  let m = net.mask;
  if (m.length === 4 && nn.length !== 4) return false;
  if (m.length === 16 && nn.length === 4) m = m.slice(12);
  const ip = to4(candidate) ?? candidate;
  if (ip.length !== nn.length) return false;
  return ip.every((b, k) => ((nn[k] ?? 0) & (m[k] ?? 0)) === (b & (m[k] ?? 0)));
};

/** net.IPMask.Size's ones. */
const maskOnes = (mask: Bytes): number => mask.reduce((total, b) => total + b.toString(2).replace(/0/g, '').length, 0);

/** netip.ParseAddr's IPv4 fields (no leading zeros, each ≤ 255, exactly four). */
const strictIPv4 = (s: string): Bytes | undefined => {
  const fields = s.split('.');
  if (fields.length !== 4) return undefined;
  if (!fields.every((field) => /^(0|[1-9][0-9]{0,2})$/.test(field) && Number(field) <= 255)) return undefined;
  return fields.map(Number);
};

/** netip.ParseAddr's IPv6 (groups of 1–4 hex digits, one `::`, a strict IPv4 tail); zones refused (ParsePrefix does). */
const strictIPv6 = (s: string): Bytes | undefined => {
  if (s.includes('%')) return undefined;
  let tail: Bytes = [];
  let head = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = strictIPv4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = v4;
    head = s.slice(0, lastColon + 1);
    // `::1.2.3.4` keeps its `::`; `1::2:1.2.3.4` ends in a lone `:` that joined the IPv4 part.
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (text: string): number[] | undefined => {
    if (text === '') return [];
    const parts = text.split(':');
    if (!parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p))) return undefined;
    return parts.flatMap((p) => [parseInt(p, 16) >> 8, parseInt(p, 16) & 0xff]);
  };
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (left === undefined || right === undefined) return undefined;
  const used = left.length + right.length + tail.length;
  if (halves.length === 2) {
    if (used > 14) return undefined;
    return [...left, ...new Array<number>(16 - used).fill(0), ...right, ...tail];
  }
  return used === 16 ? [...left, ...tail] : undefined;
};

/** netip.ParsePrefix: address bytes (4 or 16) and bits, or undefined. */
const parsePrefixStrict = (text: string): { readonly addr: Bytes; readonly bits: number } | undefined => {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  let addr: Bytes | undefined;
  for (const c of address) {
    if (c === '.') {
      addr = strictIPv4(address);
      break;
    }
    if (c === ':') {
      addr = strictIPv6(address);
      break;
    }
    if (c === '%') break;
  }
  if (addr === undefined || !/^(0|[1-9][0-9]*)$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  return bits > addr.length * 8 ? undefined : { addr, bits };
};

const hasBitsPastPrefix = (addr: Bytes, bits: number): boolean =>
  addr.some((b, k) => (b & ~(cidrMask(bits, addr.length * 8)[k] ?? 0) & 0xff) !== 0);

/** IsValidCIDRForLegacyField's details for one value (at most one). */
export const cidrDetails = (value: string, strict: boolean): string[] => {
  if (parseCidrSloppy(value) === undefined) return [CIDR_DETAILS.invalid];
  if (!strict) return [];
  const prefix = parsePrefixStrict(value);
  if (prefix === undefined) return [CIDR_DETAILS.leadingZeros];
  if (prefix.addr.length === 16 && V4_IN_V6_PREFIX.every((b, k) => prefix.addr[k] === b)) return [CIDR_DETAILS.mapped];
  if (hasBitsPastPrefix(prefix.addr, prefix.bits)) return [CIDR_DETAILS.hostBits];
  return [];
};

/** ValidateIPBlock for a cidr and its excepts, in upstream's order. */
export const ipBlockProblems = (cidr: string, except: readonly string[], strict: boolean): IpBlockProblem[] => {
  if (cidr === '') return [{ path: ['cidr'], kind: 'required', value: cidr, detail: '' }];
  const problems: IpBlockProblem[] = cidrDetails(cidr, strict).map((detail) => ({
    path: ['cidr'],
    kind: 'invalid',
    value: cidr,
    detail,
  }));
  const outer = parseCidrSloppy(cidr);
  if (outer === undefined) return problems;
  except.forEach((text, index) => {
    const path: FieldPath = ['except', index];
    problems.push(...cidrDetails(text, strict).map((detail) => ({ path, kind: 'invalid' as const, value: text, detail })));
    const inner = parseCidrSloppy(text);
    if (inner === undefined) return;
    if (!netContains(outer, inner.ip) || maskOnes(outer.mask) >= maskOnes(inner.mask)) {
      problems.push({ path, kind: 'invalid', value: text, detail: CIDR_DETAILS.notSubset });
    }
  });
  return problems;
};

/**
 * The network a CIDR an older API server accepted stands for, as Go's net.IPNet reads it (IPv6 uncompressed)
 * (`010.1.2.3/8` → `10.0.0.0/8`, `::ffff:10.0.0.0/104` → `10.0.0.0/8`); undefined when it does not parse.
 */
export const legacyCidrNetwork = (value: string): string | undefined => {
  const net = parseCidrSloppy(value);
  if (net === undefined) return undefined;
  const v4 = to4(net.ip);
  const ip = v4 ?? net.ip;
  const mask = net.mask.length === 16 && ip.length === 4 ? net.mask.slice(12) : net.mask;
  const ones = maskOnes(mask);
  if (ip.length === 4) return `${ip.join('.')}/${String(ones)}`;
  const groups = Array.from({ length: 8 }, (_, k) => (((ip[2 * k] ?? 0) << 8) | (ip[2 * k + 1] ?? 0)).toString(16));
  return `${groups.join(':')}/${String(ones)}`;
};
