// ipBlock cases from upstream's own validation tests, with what a Kubernetes API server answers for each:
// staging/src/k8s.io/apimachinery/pkg/util/validation/ip_test.go (TestIsValidCIDR; every value put in an
// ipBlock's cidr) and pkg/apis/networking/validation/validation_test.go (TestValidateNetworkPolicy's ipBlock
// cases), plus the scenario CIDRs this project writes. `strict` is 1.36 (StrictIPCIDRValidation on by
// default), `legacy` 1.35 and earlier. Each expectation was produced by upstream's code itself
// (k8s.io/apimachinery v0.37.2 IsValidCIDRForLegacyField and k8s.io/utils ParseCIDRSloppy, under the
// transcribed ValidateIPBlock), not by either implementation tested against it.

export interface UpstreamIpBlockCase {
  readonly name: string;
  readonly cidr: string;
  readonly except: readonly string[];
  /** `[field below the ipBlock, message]`, in order. */
  readonly strict: readonly (readonly [string, string])[];
  readonly legacy: readonly (readonly [string, string])[];
}

export const UPSTREAM_IPBLOCK_CASES: readonly UpstreamIpBlockCase[] = [
  {
    name: 'ip_test.go TestIsValidCIDR: ipv4',
    cidr: '1.0.0.0/8',
    except: [],
    strict: [],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv4, all IPs',
    cidr: '0.0.0.0/0',
    except: [],
    strict: [],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv4, single IP',
    cidr: '1.1.1.1/32',
    except: [],
    strict: [],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv6',
    cidr: '2001:4860:4860::/48',
    except: [],
    strict: [],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv6, all IPs',
    cidr: '::/0',
    except: [],
    strict: [],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv6, single IP',
    cidr: '::1/128',
    except: [],
    strict: [],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv6, extra 0s (non-canonical, fine for a legacy field)',
    cidr: '2a00:79e0:2:0::/64',
    except: [],
    strict: [],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv6, capital letters (non-canonical, fine for a legacy field)',
    cidr: '2001:DB8::/64',
    except: [],
    strict: [],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv4 with leading 0s',
    cidr: '1.1.01.0/24',
    except: [],
    strict: [['cidr', 'Invalid value: "1.1.01.0/24": must not have leading 0s in IP or prefix length']],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv4-in-ipv6 with ipv4-sized prefix',
    cidr: '::ffff:1.1.1.0/24',
    except: [],
    strict: [['cidr', 'Invalid value: "::ffff:1.1.1.0/24": must not have an IPv4-mapped IPv6 address']],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv4-in-ipv6 with ipv6-sized prefix',
    cidr: '::ffff:1.1.1.0/120',
    except: [],
    strict: [['cidr', 'Invalid value: "::ffff:1.1.1.0/120": must not have an IPv4-mapped IPv6 address']],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv4 ifaddr',
    cidr: '1.2.3.4/24',
    except: [],
    strict: [['cidr', 'Invalid value: "1.2.3.4/24": must not have bits set beyond the prefix length']],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: ipv6 ifaddr',
    cidr: '2001:db8::1/64',
    except: [],
    strict: [['cidr', 'Invalid value: "2001:db8::1/64": must not have bits set beyond the prefix length']],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: prefix length with leading 0s',
    cidr: '192.168.0.0/016',
    except: [],
    strict: [['cidr', 'Invalid value: "192.168.0.0/016": must not have leading 0s in IP or prefix length']],
    legacy: [],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: junk',
    cidr: 'aaaaaaa',
    except: [],
    strict: [['cidr', 'Invalid value: "aaaaaaa": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    legacy: [['cidr', 'Invalid value: "aaaaaaa": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: IP address',
    cidr: '1.2.3.4',
    except: [],
    strict: [['cidr', 'Invalid value: "1.2.3.4": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    legacy: [['cidr', 'Invalid value: "1.2.3.4": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: partial URL',
    cidr: '192.168.0.1/healthz',
    except: [],
    strict: [['cidr', 'Invalid value: "192.168.0.1/healthz": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    legacy: [['cidr', 'Invalid value: "192.168.0.1/healthz": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: partial URL 2',
    cidr: '192.168.0.1/0/99',
    except: [],
    strict: [['cidr', 'Invalid value: "192.168.0.1/0/99": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    legacy: [['cidr', 'Invalid value: "192.168.0.1/0/99": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: negative prefix length',
    cidr: '192.168.0.0/-16',
    except: [],
    strict: [['cidr', 'Invalid value: "192.168.0.0/-16": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    legacy: [['cidr', 'Invalid value: "192.168.0.0/-16": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  },
  {
    name: 'ip_test.go TestIsValidCIDR: prefix length with sign',
    cidr: '192.168.0.0/+16',
    except: [],
    strict: [['cidr', 'Invalid value: "192.168.0.0/+16": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    legacy: [['cidr', 'Invalid value: "192.168.0.0/+16": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy success: ipBlock with excepts',
    cidr: '192.168.0.0/16',
    except: ['192.168.3.0/24', '192.168.4.0/24'],
    strict: [],
    legacy: [],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy success: IPv6 ipBlock with excepts',
    cidr: 'fd00:192:168::/48',
    except: ['fd00:192:168:3::/64', 'fd00:192:168:4::/64'],
    strict: [],
    legacy: [],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy: missing cidr field',
    cidr: '',
    except: ['192.168.8.0/24', '192.168.9.0/24'],
    strict: [['cidr', 'Required value']],
    legacy: [['cidr', 'Required value']],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy: invalid cidr format',
    cidr: '192.168.5.6',
    except: ['192.168.1.0/24', '192.168.2.0/24'],
    strict: [['cidr', 'Invalid value: "192.168.5.6": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    legacy: [['cidr', 'Invalid value: "192.168.5.6": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy: invalid ipv6 cidr format',
    cidr: 'fd00:192:168::',
    except: ['fd00:192:168:3::/64', 'fd00:192:168:4::/64'],
    strict: [['cidr', 'Invalid value: "fd00:192:168::": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    legacy: [['cidr', 'Invalid value: "fd00:192:168::": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy: except field is an empty string',
    cidr: '192.168.8.0/24',
    except: ['', ' '],
    strict: [
      ['except[0]', 'Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
      ['except[1]', 'Invalid value: " ": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    ],
    legacy: [
      ['except[0]', 'Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
      ['except[1]', 'Invalid value: " ": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    ],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy: except IP is outside of CIDR range',
    cidr: '192.168.8.0/24',
    except: ['192.168.9.1/24'],
    strict: [
      ['except[0]', 'Invalid value: "192.168.9.1/24": must not have bits set beyond the prefix length'],
      ['except[0]', 'Invalid value: "192.168.9.1/24": must be a strict subset of `cidr`'],
    ],
    legacy: [['except[0]', 'Invalid value: "192.168.9.1/24": must be a strict subset of `cidr`']],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy: except IP is not strictly within CIDR range',
    cidr: '192.168.0.0/24',
    except: ['192.168.0.0/24'],
    strict: [['except[0]', 'Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`']],
    legacy: [['except[0]', 'Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`']],
  },
  {
    name: 'validation_test.go TestValidateNetworkPolicy: except IPv6 is outside of CIDR range',
    cidr: 'fd00:192:168:1::/64',
    except: ['fd00:192:168:2::/64'],
    strict: [['except[0]', 'Invalid value: "fd00:192:168:2::/64": must be a strict subset of `cidr`']],
    legacy: [['except[0]', 'Invalid value: "fd00:192:168:2::/64": must be a strict subset of `cidr`']],
  },
  {
    name: 'upstream e2e\'s cidr "{{x/a}}/4" as the bank/conformance scenarios wrote it',
    cidr: '10.244.0.1/4',
    except: ['10.244.0.2/32'],
    strict: [['cidr', 'Invalid value: "10.244.0.1/4": must not have bits set beyond the prefix length']],
    legacy: [],
  },
  {
    name: 'the same cidr canonicalised',
    cidr: '0.0.0.0/4',
    except: ['10.244.0.2/32'],
    strict: [],
    legacy: [],
  },
  {
    name: 'each strict rule on an except, in order',
    cidr: '10.0.0.0/8',
    except: ['010.1.0.0/16', '10.2.0.0/016', '::ffff:10.3.0.0/112', '10.4.0.1/16'],
    strict: [
      ['except[0]', 'Invalid value: "010.1.0.0/16": must not have leading 0s in IP or prefix length'],
      ['except[1]', 'Invalid value: "10.2.0.0/016": must not have leading 0s in IP or prefix length'],
      ['except[2]', 'Invalid value: "::ffff:10.3.0.0/112": must not have an IPv4-mapped IPv6 address'],
      ['except[3]', 'Invalid value: "10.4.0.1/16": must not have bits set beyond the prefix length'],
    ],
    legacy: [],
  },
  {
    name: 'IPv6 excepts: non-canonical is fine, host bits and 5-digit groups are not',
    cidr: 'fd00::/8',
    except: ['fd00:0:0:1::/64', 'fd00::1/64', 'fd00:00001::/32'],
    strict: [
      ['except[1]', 'Invalid value: "fd00::1/64": must not have bits set beyond the prefix length'],
      ['except[2]', 'Invalid value: "fd00:00001::/32": must not have leading 0s in IP or prefix length'],
    ],
    legacy: [],
  },
  {
    name: 'an IPv4-mapped cidr: rejected, and an IPv4 except is not inside it',
    cidr: '::ffff:10.0.0.0/104',
    except: ['10.1.0.0/16'],
    strict: [
      ['cidr', 'Invalid value: "::ffff:10.0.0.0/104": must not have an IPv4-mapped IPv6 address'],
      ['except[0]', 'Invalid value: "10.1.0.0/16": must be a strict subset of `cidr`'],
    ],
    legacy: [['except[0]', 'Invalid value: "10.1.0.0/16": must be a strict subset of `cidr`']],
  },
  {
    name: 'an IPv4-mapped except inside an IPv4 cidr: only the mapping is refused',
    cidr: '10.0.0.0/8',
    except: ['::ffff:10.1.0.0/112'],
    strict: [['except[0]', 'Invalid value: "::ffff:10.1.0.0/112": must not have an IPv4-mapped IPv6 address']],
    legacy: [],
  },
  {
    name: 'an except of the other family',
    cidr: '10.0.0.0/8',
    except: ['fd00::/64'],
    strict: [['except[0]', 'Invalid value: "fd00::/64": must be a strict subset of `cidr`']],
    legacy: [['except[0]', 'Invalid value: "fd00::/64": must be a strict subset of `cidr`']],
  },
];
