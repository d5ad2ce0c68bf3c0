// `--out FILE`: the result document on disk, written atomically.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';

/** Write JSON next to the target and rename, so a reader never sees half a document. */
export const writeOutFile = async (path: string, document: unknown): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(document, null, 2)}\n`);
  await rename(temporary, path);
};

/** Stream a large document to a file chunk by chunk (waiting for drains), then rename it into place. */
export const writeOutChunks = async (path: string, chunks: Iterable<string>): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const stream = createWriteStream(temporary);
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  await rename(temporary, path);
};
