import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { compiledCliBin } from './compiled-cli.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
/**
 * Runs the CLI in a child process and returns its exit code and output. The CLI is bin/saliency.js of
 * a copy compiled from the sources (compiled-cli.ts), which starts without tsx's ~2 s of CPU.
 */
export function runCli(args: readonly string[], cwd = ROOT): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [compiledCliBin(), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting for it. */
export function startCli(args: readonly string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, [compiledCliBin(), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'saliency-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `count` small seeded PNG images into `dir`; returns their paths. */
export async function writeImages(dir: string, count: number, size = 8): Promise<string[]> {
  const paths: string[] = [];
  for (let n = 0; n < count; n++) {
    const pixels = Buffer.alloc(size * size * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + n * 53) % 256;
    const path = join(dir, `img-${String(n).padStart(3, '0')}.png`);
    await sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png().toFile(path);
    paths.push(path);
  }
  return paths;
}

/** Runs the CLI in a child process without blocking; resolves to its exit code and output. */
export function runCliAsync(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = startCli(args);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ status: code ?? -1, stdout, stderr }));
  });
}
