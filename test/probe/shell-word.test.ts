import test from 'ava';
import { execa } from 'execa';
import fc from 'fast-check';
import { quoteShellWord } from '../../src/probe/shell-word.ts';

test('plain words stay unquoted', (t) => {
  t.deepEqual(['nc', '-w', '10.0.0.1', '[fd00::1]:80'].map(quoteShellWord), ['nc', '-w', '10.0.0.1', "'[fd00::1]:80'"]);
});

test('the empty word and words with quotes or spaces are single-quoted', (t) => {
  t.deepEqual(['', "it's", 'a b', '*'].map(quoteShellWord), ["''", "'it'\\''s'", "'a b'", "'*'"]);
});

test('sh reads every quoted word back unchanged', async (t) => {
  const words = fc.sample(
    fc.string({ unit: 'binary', maxLength: 24 }).filter((word) => !word.includes('\0')),
    { numRuns: 300, seed: 42 },
  );
  words.push("'", '"', '$(reboot)', '`id`', '\\', '\n', '-n', '!');
  const script = `printf '%s\\0' ${words.map(quoteShellWord).join(' ')}`;
  const { stdout } = await execa('sh', ['-c', script], { stripFinalNewline: false });
  t.deepEqual(stdout.split('\0').slice(0, -1), words);
});
