// The PATH the local target runs its tools with. npm and npx put node_modules/.bin first, and
// @vercel/nft (pulled in by ava) installs a `nft` there that would silently stand in for nftables.

/** Where Linux distributions keep ip, nft, ss and friends; root's PATH does not always hold the sbin ones. */
export const SYSTEM_DIRECTORIES = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'] as const;

/** The caller's PATH without node_modules directories, with the system directories added when missing. */
export const buildToolPath = (path: string | undefined): string => {
  const kept = (path ?? '').split(':').filter((dir) => dir !== '' && !dir.split('/').includes('node_modules'));
  const missing = SYSTEM_DIRECTORIES.filter((dir) => !kept.includes(dir));
  return [...kept, ...missing].join(':');
};
