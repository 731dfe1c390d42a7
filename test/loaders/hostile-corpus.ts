// A corpus of hostile inputs, generated at test time (never committed): sparse files of huge sizes,
// zips whose entries declare huge sizes, HDF5 files whose datasets declare gigabytes, PNGs and SVGs
// with huge dimensions in a few bytes, FIFOs, and HTTP servers that stall, drip or record requests.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import { zipSync } from 'fflate';
import h5wasm from 'h5wasm';

/** Makes a sparse file of `bytes` bytes (no disk used), like `truncate -s`. */
export function sparseFile(path: string, bytes: number): void {
  execFileSync('truncate', ['-s', String(bytes), path]);
}

/** Makes a FIFO (named pipe) at `path`; reading it would block until someone writes. */
export function fifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/**
 * A zip of `entries` whose entry `name` declares `declared` uncompressed bytes in its local header
 * and in the central directory (what an unzipper allocates from), whatever it holds.
 */
export function zipDeclaring(entries: Record<string, Uint8Array>, name: string, declared: number): Uint8Array {
  const zip = zipSync(entries, { level: 9 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const nameBytes = new TextEncoder().encode(name);
  const named = (at: number): boolean => nameBytes.every((byte, i) => zip[at + i] === byte);
  for (let i = 0; i + 46 < zip.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50 && view.getUint16(i + 26, true) === nameBytes.length && named(i + 30)) view.setUint32(i + 22, declared, true);
    if (signature === 0x02014b50 && view.getUint16(i + 28, true) === nameBytes.length && named(i + 46)) view.setUint32(i + 24, declared, true);
  }
  return zip;
}

/** An HDF5 file of a few KB holding a chunked float32 dataset that declares `values` values (never written). */
export async function hdf5Declaring(values: number): Promise<Uint8Array> {
  const module = await h5wasm.ready;
  const path = `/hostile-${values}.h5`;
  const file = new h5wasm.File(path, 'w');
  const dataset = file.create_dataset({ name: 'weights', data: new Float32Array(4), shape: [4], maxshape: [null], chunks: [1024], compression: 9 });
  dataset.resize([values]);
  file.close();
  const bytes = module.FS.readFile(path);
  module.FS.unlink(path);
  return bytes;
}

/** A valid-headed PNG of `width` x `height` (RGB) whose pixel data is a few bytes: decoding it would need width x height x 3 bytes. */
export function pngDeclaring(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', new Uint8Array(0))]);
}

/** An SVG of `size` x `size` pixels in ~150 bytes. */
export function svgOfSize(path: string, size: number): void {
  writeFileSync(path, `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="${size}" height="${size}" fill="#c33"/></svg>`);
}

/** An HTTP server on 127.0.0.1 that records every request path and answers with `handle`. */
export interface TestServer {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts a {@link TestServer}. */
export async function testServer(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<TestServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test server: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
