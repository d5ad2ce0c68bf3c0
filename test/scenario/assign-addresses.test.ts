import test from 'ava';
import { assignAddresses } from '../../src/scenario/assign-addresses.ts';

test('unpinned pods get IPv4 addresses from 10.244.0.1 in declaration order', (t) => {
  t.deepEqual(assignAddresses([{}, {}, {}], [], ['IPv4']), [
    { IPv4: '10.244.0.1' },
    { IPv4: '10.244.0.2' },
    { IPv4: '10.244.0.3' },
  ]);
});

test('synthetic addresses skip pinned pod addresses and reserved (external) ones', (t) => {
  t.deepEqual(assignAddresses([{}, { ip: '10.244.0.2' }, {}, {}], ['10.244.0.3'], ['IPv4']), [
    { IPv4: '10.244.0.1' },
    { IPv4: '10.244.0.2' },
    { IPv4: '10.244.0.4' },
    { IPv4: '10.244.0.5' },
  ]);
});

test('IPv6 addresses are synthesised only when the families include IPv6', (t) => {
  t.deepEqual(assignAddresses([{}, {}], [], ['IPv4']), [{ IPv4: '10.244.0.1' }, { IPv4: '10.244.0.2' }]);
  t.deepEqual(assignAddresses([{}, { ipv6: 'fd00:10:244::1' }, {}], [], ['IPv4', 'IPv6']), [
    { IPv4: '10.244.0.1', IPv6: 'fd00:10:244::2' },
    { IPv4: '10.244.0.2', IPv6: 'fd00:10:244::1' },
    { IPv4: '10.244.0.3', IPv6: 'fd00:10:244::3' },
  ]);
});

test('a pinned ipv6 is kept even when the families do not include IPv6, in canonical form', (t) => {
  t.deepEqual(assignAddresses([{ ipv6: 'FD00:0:0::0:7' }], [], ['IPv4']), [{ IPv4: '10.244.0.1', IPv6: 'fd00::7' }]);
});

test('reserved addresses in a non-canonical form are still skipped', (t) => {
  t.deepEqual(assignAddresses([{}], ['fd00:10:244:0:0:0:0:1'], ['IPv6']), [{ IPv4: '10.244.0.1', IPv6: 'fd00:10:244::2' }]);
});

test('addresses depend on order only: the same input gives the same output', (t) => {
  const pods = [{}, { ip: '10.244.0.1' }, {}];
  t.deepEqual(assignAddresses(pods, ['10.244.0.2'], ['IPv4', 'IPv6']), assignAddresses(pods, ['10.244.0.2'], ['IPv4', 'IPv6']));
});

test('the IPv4 range runs past the first octet boundary', (t) => {
  const addresses = assignAddresses(
    Array.from({ length: 256 }, () => ({})),
    [],
    ['IPv4'],
  );
  t.deepEqual(
    addresses.slice(253).map((entry) => entry.IPv4),
    ['10.244.0.254', '10.244.0.255', '10.244.1.0'],
  );
});
