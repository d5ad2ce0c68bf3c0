import test from 'ava';
import { parseDuration } from '../../src/scenario/parse-duration.ts';

const duration = test.macro({
  exec(t, text: string, expected: number | undefined) {
    t.is(parseDuration(text), expected);
  },
  title: (given, text: string, expected: number | undefined) =>
    given ?? `"${text}" is ${expected === undefined ? 'not a duration' : `${String(expected)}ms`}`,
});

test(duration, '500ms', 500);
test(duration, '1s', 1000);
test(duration, '1.5s', 1500);
test(duration, '2m', 120_000);
test(duration, '1', undefined);
test(duration, '1 s', undefined);
test(duration, '-1s', undefined);
test(duration, 'fast', undefined);
