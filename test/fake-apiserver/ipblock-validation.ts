// The fake API server's own ipBlock validation, transcribed from upstream and written apart from the
// project's validator (src/engine/cidr-validation.ts) so that one checks the other. Test code only.
//   pkg/apis/networking/validation/validation.go       ValidateIPBlock
//   staging/.../apimachinery/pkg/util/validation/ip.go parseCIDR, IsValidCIDRForLegacyField
//   k8s.io/utils/internal/third_party/forked/golang/net ParseCIDR (Go 1.16 rules: leading zeros allowed)
//   Go net/netip                                        ParsePrefix (strict rules)
// Addresses are BigInts here (the project's validator works on byte arrays).

/** `[path, message]` pairs, path relative to the ipBlock (`cidr`, `except[1]`), in upstream's order. */
export type IpBlockCause = readonly [string, string];

/** A parsed sloppy CIDR as net.IPNet holds it: family of the IP slice, its value, and the mask's length and ones. */
interface SloppyNet {
  readonly ipBytes: 4 | 16;
  readonly ip: bigint;
  readonly maskBytes: 4 | 16;
  readonly ones: number;
}

const leadingNumber = (s: string, radix: 10 | 16): { value: number; length: number } | undefined => {
  const match = (radix === 10 ? /^[0-9]+/ : /^[0-9a-fA-F]+/).exec(s);
  if (match === null) return undefined;
  // Go's dtoi/xtoi give up once the value reaches 0xFFFFFF.
  let value = 0;
  for (const c of match[0]) {
    value = value * radix + parseInt(c, radix);
    if (value >= 0xffffff) return undefined;
  }
  return { value, length: match[0].length };
};

/** Go 1.16 parseIPv4: four decimal fields ≤ 255, leading zeros fine. */
const oldIPv4 = (s: string): bigint | undefined => {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    const n = leadingNumber(part, 10);
    if (n === undefined || n.length !== part.length || n.value > 255) return undefined;
    value = (value << 8n) | BigInt(n.value);
  }
  return value;
};

/** Go 1.16 parseIPv6: hex fields ≤ 0xFFFF (any number of digits), one `::`, an IPv4 tail in the last 32 bits. */
const oldIPv6 = (s: string): bigint | undefined => {
  const tokens: bigint[] = [];
  let gap = -1;
  let rest = s;
  if (rest.startsWith('::')) {
    gap = 0;
    rest = rest.slice(2);
    if (rest === '') return 0n;
  }
  while (tokens.length < 8) {
    const n = leadingNumber(rest, 16);
    if (n === undefined || n.value > 0xffff) return undefined;
    if (rest[n.length] === '.') {
      if ((gap < 0 && tokens.length !== 6) || tokens.length > 6) return undefined;
      const v4 = oldIPv4(rest);
      if (v4 === undefined) return undefined;
      tokens.push(v4 >> 16n, v4 & 0xffffn);
      rest = '';
      break;
    }
    tokens.push(BigInt(n.value));
    rest = rest.slice(n.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (gap >= 0) return undefined;
      gap = tokens.length;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return undefined;
  if (tokens.length < 8) {
    if (gap < 0) return undefined;
    tokens.splice(gap, 0, ...new Array<bigint>(8 - tokens.length).fill(0n));
  } else if (gap >= 0) return undefined;
  return tokens.reduce((acc, t) => (acc << 16n) | t, 0n);
};

const maskOf = (ones: number, width: number): bigint => ((1n << BigInt(ones)) - 1n) << BigInt(width - ones);

/** ParseCIDRSloppy, then IP.Mask: a v4 parse yields a 4-byte IP, a v6 parse a 16-byte one. */
const sloppyCidr = (value: string): SloppyNet | undefined => {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const [address, bits] = [value.slice(0, slash), value.slice(slash + 1)];
  const v4 = oldIPv4(address);
  const v6 = v4 === undefined ? oldIPv6(address) : undefined;
  const ones = leadingNumber(bits, 10);
  if ((v4 === undefined && v6 === undefined) || ones === undefined || ones.length !== bits.length) return undefined;
  if (v4 !== undefined)
    return ones.value > 32 ? undefined : { ipBytes: 4, ip: v4 & maskOf(ones.value, 32), maskBytes: 4, ones: ones.value };
  if (ones.value > 128 || v6 === undefined) return undefined;
  return { ipBytes: 16, ip: v6 & maskOf(ones.value, 128), maskBytes: 16, ones: ones.value };
};

/** net.IP.To4 on a parsed IP: the IPv4 value when it is 4 bytes or IPv4-mapped, else undefined. */
const asV4 = (net: { ipBytes: 4 | 16; ip: bigint }): bigint | undefined => {
  if (net.ipBytes === 4) return net.ip;
  return net.ip >> 32n === 0xffffn ? net.ip & 0xffffffffn : undefined;
};

/** (*net.IPNet).Contains(other.IP). */
const contains = (outer: SloppyNet, inner: SloppyNet): boolean => {
  const outerV4 = asV4(outer);
  let network: bigint;
  let width: number;
  let mask: bigint;
  if (outerV4 !== undefined) {
    network = outerV4;
    width = 32;
    // A 16-byte mask on a 4-byte network keeps its last 4 bytes.
    mask = outer.maskBytes === 4 ? maskOf(outer.ones, 32) : maskOf(outer.ones, 128) & 0xffffffffn;
  } else {
    if (outer.maskBytes === 4) return false;
    network = outer.ip;
    width = 128;
    mask = maskOf(outer.ones, 128);
  }
  const candidateV4 = asV4(inner);
  const candidate = candidateV4 ?? inner.ip;
  const candidateWidth = candidateV4 === undefined ? 128 : 32;
  if (candidateWidth !== width) return false;
  return (network & mask) === (candidate & mask);
};

/**
 * netip.ParsePrefix on a value ParseCIDRSloppy accepted: the same grammar, but no octet with a leading zero,
 * no IPv6 group longer than 4 digits, and a prefix length without leading zeros.
 */
const strictPrefix = (value: string): { v6: boolean; ip: bigint; bits: number } | undefined => {
  const net = sloppyCidr(value);
  const slash = value.lastIndexOf('/');
  const [address, bits] = [value.slice(0, slash), value.slice(slash + 1)];
  if (net === undefined || !/^(0|[1-9]\d*)$/.test(bits)) return undefined;
  const octetsOk = (text: string): boolean => text.split('.').every((octet) => /^(0|[1-9]\d*)$/.test(octet));
  if (net.ipBytes === 4) return octetsOk(address) ? { v6: false, ip: oldIPv4(address) ?? 0n, bits: Number(bits) } : undefined;
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  const hasV4Tail = tail.includes('.');
  if (hasV4Tail && !octetsOk(tail)) return undefined;
  const groups = (hasV4Tail ? address.slice(0, lastColon) : address).split(':');
  if (!groups.every((group) => group.length <= 4)) return undefined;
  return { v6: true, ip: oldIPv6(address) ?? 0n, bits: Number(bits) };
};

const CIDR_INVALID = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

const quote = (value: string): string => JSON.stringify(value);

/** IsValidCIDRForLegacyField: at most one message. */
const legacyCidrField = (value: string, strict: boolean): string | undefined => {
  if (sloppyCidr(value) === undefined) return CIDR_INVALID;
  if (!strict) return undefined;
  const prefix = strictPrefix(value);
  if (prefix === undefined) return 'must not have leading 0s in IP or prefix length';
  if (prefix.v6 && prefix.ip >> 32n === 0xffffn) return 'must not have an IPv4-mapped IPv6 address';
  const width = prefix.v6 ? 128 : 32;
  if ((prefix.ip & ~maskOf(prefix.bits, width)) !== 0n) return 'must not have bits set beyond the prefix length';
  return undefined;
};

/**
 * ValidateIPBlock, as `[field, message]` causes relative to the ipBlock. `allowed` holds the CIDRs of the
 * stored policy on an update (AllowCIDRsEvenIfInvalid): IsValidCIDRForLegacyField accepts them unchecked.
 */
export const validateIpBlock = (
  cidr: string,
  except: readonly string[],
  strict: boolean,
  allowed: ReadonlySet<string> = new Set(),
): IpBlockCause[] => {
  if (cidr === '') return [['cidr', 'Required value']];
  const causes: IpBlockCause[] = [];
  const cidrProblem = allowed.has(cidr) ? undefined : legacyCidrField(cidr, strict);
  if (cidrProblem !== undefined) causes.push(['cidr', `Invalid value: ${quote(cidr)}: ${cidrProblem}`]);
  const outer = sloppyCidr(cidr);
  if (outer === undefined) return causes;
  except.forEach((entry, index) => {
    const field = `except[${String(index)}]`;
    const problem = allowed.has(entry) ? undefined : legacyCidrField(entry, strict);
    if (problem !== undefined) causes.push([field, `Invalid value: ${quote(entry)}: ${problem}`]);
    const inner = sloppyCidr(entry);
    if (inner === undefined) return;
    if (!contains(outer, inner) || outer.ones >= inner.ones) {
      causes.push([field, `Invalid value: ${quote(entry)}: must be a strict subset of \`cidr\``]);
    }
  });
  return causes;
};
