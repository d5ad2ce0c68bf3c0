// IP addresses and CIDRs (v4 and v6) through ipaddr.js: parse once, then test containment.
import ipaddr from 'ipaddr.js';
import type { Family } from '../model/cluster.ts';

export type ParsedAddress = ipaddr.IPv4 | ipaddr.IPv6;

export interface ParsedCidr {
  readonly family: Family;
  readonly address: ParsedAddress;
  readonly prefix: number;
  readonly text: string;
}

const familyOf = (address: ParsedAddress): Family => (address.kind() === 'ipv4' ? 'IPv4' : 'IPv6');

/** Parse a plain address in the forms the API server accepts; undefined when it is not one. */
export const parseAddress = (text: string): ParsedAddress | undefined => {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text) && !text.includes('%')) return ipaddr.IPv6.parse(text);
  return undefined;
};

/** The family of an address, or undefined when the text is not an address. */
export const addressFamily = (text: string): Family | undefined => {
  const address = parseAddress(text);
  return address === undefined ? undefined : familyOf(address);
};

/** Parse `address/prefix`; undefined when it is not a CIDR the API server would accept. */
export const parseCidr = (text: string): ParsedCidr | undefined => {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (address.kind() === 'ipv4' ? 32 : 128)) return undefined;
  return { family: familyOf(address), address, prefix, text };
};

/** Whether the address lies inside the CIDR (never across families). */
export const cidrContains = (cidr: ParsedCidr, address: ParsedAddress): boolean =>
  address.kind() === cidr.address.kind() && address.match(cidr.address, cidr.prefix);

/** The canonical network form, `10.0.0.0/8` for `10.1.2.3/8`. */
export const networkText = (cidr: ParsedCidr): string => {
  const network =
    cidr.address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${cidr.address.toString()}/${cidr.prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${cidr.address.toString()}/${cidr.prefix}`);
  return `${network.toString()}/${cidr.prefix}`;
};

/** The canonical text of an address (`fd00::1`), so addresses compare as strings. */
export const canonicalAddress = (text: string): string | undefined => parseAddress(text)?.toString();
