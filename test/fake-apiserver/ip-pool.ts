// Addresses the fake hands out: pod IPs (kind's default pod subnets) and service cluster IPs,
// never one an external of the scenario already holds.
import ipaddr from 'ipaddr.js';

export interface IpPool {
  /** The next free address, or undefined when the pool is exhausted. */
  next(): string | undefined;
  release(address: string): void;
}

/** A pool over `first` upwards (at most `size` addresses), skipping `taken`. */
export const createIpPool = (first: string, size: number, taken: readonly string[] = []): IpPool => {
  const start = ipaddr.parse(first).toByteArray();
  const used = new Set(taken.map((t) => ipaddr.parse(t).toString()));
  const released: string[] = [];
  let offset = 0;
  const at = (n: number): string => {
    const bytes = [...start];
    let carry = n;
    for (let i = bytes.length - 1; i >= 0 && carry > 0; i--) {
      const sum = (bytes[i] ?? 0) + carry;
      bytes[i] = sum % 256;
      carry = Math.floor(sum / 256);
    }
    return ipaddr.fromByteArray(bytes).toString();
  };
  return {
    next() {
      const reused = released.shift();
      if (reused !== undefined) return reused;
      while (offset < size) {
        const candidate = at(offset++);
        if (!used.has(candidate)) {
          used.add(candidate);
          return candidate;
        }
      }
      return undefined;
    },
    release(address) {
      released.push(address);
    },
  };
};
