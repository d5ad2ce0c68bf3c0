// CEL's isCIDR() as the API server's library has it (k8s.io/apiserver/pkg/cel/library/cidr.go): Go's
// netip.ParsePrefix (no zone, no leading zeros in the address or the prefix length; host bits allowed),
// and no IPv4-mapped IPv6 address.
import ipaddr from 'ipaddr.js';
import { parseAddress } from '../ip-address.ts';

export const isCelCidr = (text: string): boolean => {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return false;
  const bits = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(bits)) return false;
  const address = parseAddress(text.slice(0, slash));
  if (address === undefined) return false;
  if (address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress()) return false;
  return Number(bits) <= (address.kind() === 'ipv4' ? 32 : 128);
};
