/**
 * Reading a file from disk that its user named, boundedly: only a regular file (a FIFO, a device such
 * as /dev/zero or a socket would block or never end), and only when its size, taken from the open
 * file before reading, is within a limit. The file is opened non-blocking so that a FIFO swapped in
 * after the check cannot stall the open.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Why a path cannot be read, as {@link readRegularFile} reports it. */
export type UnreadableReason = 'missing' | 'folder' | 'not-regular' | 'too-large' | 'error';

/** The error of {@link readRegularFile}: `reason` says which check failed; the message is a phrase about the file. */
export class UnreadableFileError extends Error {
  constructor(
    readonly reason: UnreadableReason,
    message: string,
    readonly size?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UnreadableFileError';
  }
}

/** The phrase for a file that exists but is not a regular file: 'is a FIFO (named pipe), not a regular file'. */
function notRegular(info: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  const kind = info.isFIFO()
    ? 'a FIFO (named pipe)'
    : info.isCharacterDevice() || info.isBlockDevice()
      ? 'a device'
      : info.isSocket()
        ? 'a socket'
        : 'not a file';
  return `is ${kind}, not a regular file`;
}

/**
 * Checks that `path` is a regular file (not a folder, FIFO, device or socket) and returns its size;
 * throws an {@link UnreadableFileError} otherwise. Never opens the file, so it never blocks.
 */
export async function regularFileSize(path: string): Promise<number> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new UnreadableFileError(error.code === 'ENOENT' ? 'missing' : 'error', error.code === 'ENOENT' ? 'is missing' : `cannot be read (${error.message})`, undefined, { cause: error });
  });
  if (info.isDirectory()) throw new UnreadableFileError('folder', 'is a folder, not a file');
  if (!info.isFile()) throw new UnreadableFileError('not-regular', notRegular(info));
  return info.size;
}

/**
 * The bytes of the regular file at `path`, refused before reading when it holds more than
 * `maxBytes` (the error's `size` is its size). Throws {@link UnreadableFileError}.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Uint8Array> {
  await regularFileSize(path);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UnreadableFileError('error', `cannot be read (${(error as Error).message})`, undefined, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UnreadableFileError('not-regular', notRegular(info));
    if (info.size > maxBytes) throw new UnreadableFileError('too-large', `is ${info.size} bytes`, info.size);
    const bytes = new Uint8Array(info.size);
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === bytes.length ? bytes : bytes.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
