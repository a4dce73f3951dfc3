/**
 * Safe file I/O in Node, for everything the project writes or reads from disk:
 * - writes go to a temporary file in the same folder, are flushed to disk and renamed over
 *   the target, so a killed process leaves the old file or the new one, never half of one;
 * - reads refuse what is not a regular file (a folder, /dev/zero, a FIFO) and anything over
 *   a size bound before reading a byte of it.
 */
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class FileError extends Error {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'FileError';
  }
}

let counter = 0;

/** Writes `data` to `path` through a temporary sibling and a rename. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.partial`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, 'w');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    throw new FileError(path, `cannot write (${err.code ?? err.message})`);
  }
}

/**
 * Checks, before a long run, that `path` can be written as `writeFileAtomic` will write it:
 * not a folder or a device, and a temporary file can be created beside it (then removed).
 * The error names `path`, not the temporary file.
 */
export async function checkWritable(path: string): Promise<void> {
  const existing = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw new FileError(path, `cannot write (${e.code ?? e.message})`);
  });
  if (existing && !existing.isFile()) throw new FileError(path, 'cannot write: not a regular file');
  const probe = join(dirname(path), `.${basename(path)}.${process.pid}.${counter++}.partial`);
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new FileError(path, `cannot write (${err.code ?? err.message})`);
  } finally {
    await unlink(probe).catch(() => undefined);
  }
}

/** Reads a regular file of at most `maxBytes`; says which rule a path breaks. */
export async function readRegularFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileError(path, code === 'ENOENT' ? 'no such file' : `cannot read (${code})`);
  }
  if (!info.isFile()) throw new FileError(path, 'is not a regular file');
  if (info.size > maxBytes)
    throw new FileError(path, `is ${info.size} bytes, more than the ${maxBytes} allowed`);
  const handle = await open(path, 'r');
  try {
    // Read at most maxBytes + 1, so a file that grew since stat is still caught.
    const buffer = new Uint8Array(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes)
        throw new FileError(path, `is more than the ${maxBytes} bytes allowed`);
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
