import test from 'ava';
import type { Probe, ProbeBatch } from '../../src/model/probe.ts';
import { parseProbeOutput } from '../../src/probe/parse-probe-output.ts';
import { parseProbeLine } from '../../src/probe/probe-line.ts';

const probes: readonly Probe[] = [
  { id: 1, to: 'y/b', ip: '10.0.2.2', port: 80, protocol: 'TCP', family: 'IPv4' },
  { id: 2, to: 'y/b', ip: '10.0.2.2', port: 53, protocol: 'UDP', family: 'IPv4' },
  { id: 3, to: 'y/b', ip: '10.0.2.2', port: 9000, protocol: 'SCTP', family: 'IPv4' },
];
const batch: ProbeBatch = { from: 'x/a', probes, method: 'nc', timeoutMs: 1000 };

const GOOD = [
  'NPP1 3 1 0 nc: invalid option -- - usage: nc',
  'NPP1 1 1 0 nc: connect to 10.0.2.2 port 80 tcp failed: Connection refused ',
  'NPP1 2 0 9 ',
];

test('one result per probe, in batch order, whatever order the lines came in', (t) => {
  t.deepEqual(parseProbeOutput(batch, `${GOOD.join('\n')}\n`), {
    results: [
      { id: 1, outcome: 'refused' },
      { id: 2, outcome: 'connected' },
      { id: 3, outcome: 'unsupported', detail: 'nc cannot probe SCTP here: nc: invalid option -- - usage: nc' },
    ],
    problems: [],
  });
});

test('the final newline is optional, as execa strips it', (t) => {
  t.deepEqual(parseProbeOutput(batch, GOOD.join('\n')), parseProbeOutput(batch, `${GOOD.join('\n')}\n`));
});

test('UDP under nc without reply bytes is not connected', (t) => {
  t.deepEqual(parseProbeOutput(batch, [GOOD[0], GOOD[1], 'NPP1 2 0 0 '].join('\n')).results[1], { id: 2, outcome: 'timeout' });
});

test('a probe without a line is an error, never blocked', (t) => {
  t.deepEqual(parseProbeOutput(batch, `${GOOD[1] ?? ''}\n`), {
    results: [
      { id: 1, outcome: 'refused' },
      { id: 2, outcome: 'error', detail: 'no result line' },
      { id: 3, outcome: 'error', detail: 'no result line' },
    ],
    problems: [],
  });
});

test('empty output leaves every probe in error', (t) => {
  t.deepEqual(
    parseProbeOutput(batch, '').results.map((result) => result.detail),
    ['no result line', 'no result line', 'no result line'],
  );
});

test('garbage lines are reported with their line number', (t) => {
  const { results, problems } = parseProbeOutput(batch, `${['sh: 1: syntax error', ...GOOD].join('\n')}\n`);
  t.deepEqual(
    results.map((result) => result.outcome),
    ['refused', 'connected', 'unsupported'],
  );
  t.deepEqual(problems, ['x/a: probe output line 1: not a result line: "sh: 1: syntax error"']);
});

test('a blank line in the middle is reported', (t) => {
  t.deepEqual(parseProbeOutput(batch, [GOOD[0], '', GOOD[1], GOOD[2]].join('\n')).problems, [
    'x/a: probe output line 2: not a result line: ""',
  ]);
});

test('a duplicate id makes that probe an error and is reported', (t) => {
  const { results, problems } = parseProbeOutput(batch, [...GOOD, 'NPP1 1 0 0 '].join('\n'));
  t.deepEqual(results[0], { id: 1, outcome: 'error', detail: '2 result lines for one probe' });
  t.deepEqual(problems, ['x/a: probe output line 4: duplicate result for probe id 1: "NPP1 1 0 0 "']);
});

test('an id not in the batch is reported and changes no result', (t) => {
  const { results, problems } = parseProbeOutput(batch, [...GOOD, 'NPP1 42 0 0 '].join('\n'));
  t.deepEqual(results, parseProbeOutput(batch, GOOD.join('\n')).results);
  t.deepEqual(problems, ['x/a: probe output line 4: unknown probe id 42: "NPP1 42 0 0 "']);
});

test('a long garbage line is quoted shortened', (t) => {
  const long = 'x'.repeat(200);
  t.deepEqual(parseProbeOutput(batch, [...GOOD, long].join('\n')).problems, [
    `x/a: probe output line 4: not a result line: "${'x'.repeat(120)}…"`,
  ]);
});

const rejectsLine = test.macro({
  exec(t, line: string) {
    t.is(parseProbeLine(line), undefined);
  },
  title: (rule = '') => `a result line is refused when ${rule}`,
});

test('the space before the detail is missing', rejectsLine, 'NPP1 1 0 0');
test('the exit code is above 255', rejectsLine, 'NPP1 1 256 0 ');
test('the exit code is empty', rejectsLine, 'NPP1 1  0 ');
test('a number has a leading zero', rejectsLine, 'NPP1 01 0 0 ');
test('the tag is another version', rejectsLine, 'NPP2 1 0 0 ');
test('the line ends in a carriage return', rejectsLine, 'NPP1 1 0 0 \r');
test('a field is negative', rejectsLine, 'NPP1 -1 0 0 ');

test('the parser reduces a raw detail to the classifying characters, squeezed and cut', (t) => {
  t.deepEqual(parseProbeLine('NPP1 1 7 0  curl: (7) Failed to connect to "10.0.0.2"   port 80\t '), {
    id: 1,
    exitCode: 7,
    replyBytes: 0,
    detail: 'curl: 7 Failed to connect to 10.0.0.2 port 80',
  });
  t.is(parseProbeLine(`NPP1 1 1 0 ${'x'.repeat(1000)}`)?.detail.length, 240);
});

test('a result line gives id, exit code, reply bytes and the trimmed detail', (t) => {
  t.deepEqual(parseProbeLine('NPP1 12 1 0  TIMEOUT '), { id: 12, exitCode: 1, replyBytes: 0, detail: 'TIMEOUT' });
});

test('a batch that repeats an id is reported', (t) => {
  const repeated: ProbeBatch = { ...batch, probes: [...probes, probes[0] as Probe] };
  t.deepEqual(parseProbeOutput(repeated, GOOD.join('\n')).problems, ['x/a: the batch repeats a probe id']);
});
