import test from 'ava';
import { buildToolPath } from '../../../src/targets/local/tool-path.ts';

test('node_modules directories are dropped from the tool PATH, so npm-installed look-alikes (nft) never run', (t) => {
  t.is(
    buildToolPath('/work/main/node_modules/.bin:/work/node_modules/.bin:/opt/node/bin:/usr/sbin:/usr/bin:/sbin:/bin'),
    '/opt/node/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/sbin:/usr/local/bin',
  );
});

test('the system directories are added when PATH lacks them, after what the caller had', (t) => {
  t.is(buildToolPath('/home/me/bin'), '/home/me/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  t.is(buildToolPath(undefined), '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
});
