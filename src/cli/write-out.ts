// `--out FILE`: the result document on disk, written atomically.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Write JSON next to the target and rename, so a reader never sees half a document. */
export const writeOutFile = async (path: string, document: unknown): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(document, null, 2)}\n`);
  await rename(temporary, path);
};
