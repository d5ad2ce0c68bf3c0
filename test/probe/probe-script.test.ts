import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import type { Probe, ProbeBatch } from '../../src/model/probe.ts';
import { buildProbeCommand } from '../../src/probe/probe-command.ts';
import { buildProbeScript } from '../../src/probe/probe-script.ts';
import { quoteShellWord } from '../../src/probe/shell-word.ts';

const tcp = (id: number): Probe => ({ id, to: 'y/b', ip: '10.0.2.2', port: 1000 + id, protocol: 'TCP', family: 'IPv4' });
const batchOf = (probes: readonly Probe[], method: ProbeBatch['method'] = 'nc'): ProbeBatch => ({
  from: 'x/a',
  probes,
  method,
  timeoutMs: 1000,
});
const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index + 1);

/** The start and wait lines of a script reduced to probe ids: the shape of its waves. */
const shape = (script: string): string[] =>
  script.split('\n').flatMap((line) => {
    const started = / & npp_p(\d+)=\$!$/.exec(line);
    if (started !== null) return [`job ${started[1] ?? '?'}`];
    const waited = /^wait "\$npp_p(\d+)"; npp_emit (\d+) \$\?$/.exec(line);
    return waited !== null && waited[1] === waited[2] ? [`wait ${waited[1] ?? '?'}`] : [];
  });

test('every probe is one background client, then each is waited for by pid and reported', (t) => {
  t.deepEqual(shape(buildProbeScript(batchOf(range(3).map(tcp)))), ['job 1', 'job 2', 'job 3', 'wait 1', 'wait 2', 'wait 3']);
});

test('each client runs quoted straight from the script, a payload in a file on its stdin', (t) => {
  const udp: Probe = { id: 9, to: 'y/b', ip: 'fd00::2:2', port: 53, protocol: 'UDP', family: 'IPv6' };
  const batch = batchOf([tcp(1), udp], 'curl');
  const lines = buildProbeScript(batch)
    .split('\n')
    .filter((line) => line.includes(' & npp_p') || line.startsWith("printf '%s\\n'"));
  const curl = buildProbeCommand(tcp(1), 'curl', 1000).argv.map(quoteShellWord).join(' ');
  t.deepEqual(lines, [
    `${curl} </dev/null >"$npp_d/1.o" 2>"$npp_d/1.e" & npp_p1=$!`,
    `printf '%s\\n' hostname >"$npp_d/9.i"`,
    'nc -u -n -6 -w 1 -W 1 fd00::2:2 53 <"$npp_d/9.i" >"$npp_d/9.o" 2>"$npp_d/9.e" & npp_p9=$!',
  ]);
  t.is(curl, "curl -sS -g --noproxy '*' -o /dev/null --connect-timeout 1 --max-time 1 http://10.0.2.2:1001/");
});

test('a batch larger than the limit runs in waves', (t) => {
  t.deepEqual(shape(buildProbeScript(batchOf(range(5).map(tcp)), { maxConcurrent: 2 })), [
    'job 1',
    'job 2',
    'wait 1',
    'wait 2',
    'job 3',
    'job 4',
    'wait 3',
    'wait 4',
    'job 5',
    'wait 5',
  ]);
});

test('the default limit is 256 probes per wave', (t) => {
  const lines = shape(buildProbeScript(batchOf(range(300).map(tcp))));
  t.deepEqual(
    lines.flatMap((line, index) => (line === 'wait 1' || line === 'job 257' ? [index] : [])),
    [256, 512],
  );
});

test('an empty batch starts no job', (t) => {
  t.deepEqual(shape(buildProbeScript(batchOf([]))), []);
});

test('the source name cannot break out of the header comment', (t) => {
  const script = buildProbeScript({ ...batchOf([tcp(1)]), from: 'x/a\nreboot' });
  t.false(script.split('\n').includes('reboot'));
  t.true(script.startsWith('# netpol-probe: 1 probe(s) from x/a?reboot by nc'));
});

test('the script uses no bash-only syntax', (t) => {
  const script = buildProbeScript(batchOf(range(2).map(tcp)));
  const bashisms = ['[[', '<<<', '&>', 'function ', 'local ', 'PIPESTATUS', '$((', 'source ', '${!', '<(', '>('];
  t.deepEqual(
    bashisms.filter((bashism) => script.includes(bashism)),
    [],
  );
});

test('dash parses the script', async (t) => {
  const script = buildProbeScript(batchOf(range(3).map(tcp)), { maxConcurrent: 2 });
  const result = await execa('sh', ['-n', '-c', script], { reject: false });
  t.deepEqual([result.exitCode, result.stderr], [0, '']);
});

test('repeated probe ids are refused', (t) => {
  const error = t.throws(() => buildProbeScript(batchOf([tcp(1), tcp(1)])));
  t.is(error?.message, 'cannot build the probe script of x/a: probe id 1: appears more than once in the batch');
});

test('a limit below one is refused', (t) => {
  const error = t.throws(() => buildProbeScript(batchOf([tcp(1)]), { maxConcurrent: 0 }));
  t.is(error?.message, 'cannot build the probe script of x/a: maxConcurrent: must be a positive integer, got 0');
});

test('every malformed probe of the batch is named at once', (t) => {
  const error = t.throws(() =>
    buildProbeScript(
      batchOf([
        { ...tcp(1), port: 0 },
        { ...tcp(2), ip: 'fd00::1' },
      ]),
    ),
  );
  t.is(
    error?.message,
    'cannot build the probe script of x/a: probe 1 port: must be an integer 1-65535, got 0; ' +
      'probe 2 ip: must be an IPv4 address, got "fd00::1" (IPv6)',
  );
});

test('a probe with an identity reports 1 only when the reply is exactly the identity, 2 for any other reply, 0 for none', async (t) => {
  const bin = await mkdtemp(join(tmpdir(), 'npp-stub-nc-'));
  try {
    // A stand-in nc that answers what the port number says: 1 the identity, 2 another host, 3 nothing.
    await writeFile(
      join(bin, 'nc'),
      '#!/bin/sh\nfor a; do p=$a; done\ncase $p in 1) printf %s ext-partner ;; 2) printf %s someone-else ;; esac\nexit 0\n',
    );
    await chmod(join(bin, 'nc'), 0o755);
    const probe = (id: number): Probe => ({
      id,
      to: 'external/partner',
      ip: '203.0.113.10',
      port: id,
      protocol: 'TCP',
      family: 'IPv4',
      identity: 'ext-partner',
    });
    const script = buildProbeScript({ from: 'a/x', method: 'agnhost', timeoutMs: 1000, probes: [probe(1), probe(2), probe(3)] });
    const { stdout } = await execa('sh', ['-c', script], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    t.deepEqual(
      stdout.split('\n').map((line) => line.split(' ').slice(0, 4).join(' ')),
      ['NPP1 1 0 1', 'NPP1 2 0 2', 'NPP1 3 0 0'],
    );
  } finally {
    await rm(bin, { recursive: true, force: true });
  }
});
