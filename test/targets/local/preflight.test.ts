import test from 'ava';
import { TargetError } from '../../../src/model/errors.ts';
import type { RequiredTool } from '../../../src/targets/local/preflight.ts';
import { checkLocalPrerequisites, findToolOnPath, renderMissingTools } from '../../../src/targets/local/preflight.ts';

const having =
  (...missing: RequiredTool[]) =>
  (tool: RequiredTool): Promise<boolean> =>
    Promise.resolve(!missing.includes(tool));

test('a non-root user is refused with a TargetError that says to run as root', async (t) => {
  const error = await t.throwsAsync(checkLocalPrerequisites({ uid: 1000, hasTool: having() }), { instanceOf: TargetError });
  t.regex(error?.message ?? '', /needs root/);
  t.regex(error?.hint ?? '', /root/);
});

test('missing tools are all named, with the apt packages that provide them', async (t) => {
  const error = await t.throwsAsync(checkLocalPrerequisites({ uid: 0, hasTool: having('nft', 'nc', 'ss', 'timeout') }), {
    instanceOf: TargetError,
  });
  t.is(
    error?.message,
    'the local target needs ss, nft, nc, timeout on PATH, not found. ' +
      'Install: apt-get install iproute2 nftables netcat-openbsd coreutils',
  );
});

test('root with every tool passes', async (t) => {
  await t.notThrowsAsync(checkLocalPrerequisites({ uid: 0, hasTool: having() }));
});

test('one package is named once even when it provides several missing tools', (t) => {
  t.regex(renderMissingTools(['ip', 'ss']), /apt-get install iproute2$/);
});

test('a tool is found only in a PATH directory that holds it as an executable file', async (t) => {
  t.true(await findToolOnPath('sh', '/nonexistent:/bin:/usr/bin'));
  t.false(await findToolOnPath('sh', '/nonexistent'));
  t.false(await findToolOnPath('bin', '/usr'));
});
