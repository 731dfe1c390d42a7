#!/usr/bin/env node
// Runs every *.test.ts under test/ with Node's built-in runner (TypeScript through tsx), two files at
// a time, longest first: a long file started last would stretch the run by its own length. The
// lengths are relative weights measured on a run of the whole suite (scripts/test-durations.json); a
// file not in it counts as the median file of its folder. `node --test` sorts the files it is given
// by name, so this script hands them, in its own order, to node:test's run() in a child process
// started with tsx (run() starts each test file's process with the flags of the process it runs in).
// The files run bundled by esbuild (scripts/compile-tests.mjs: ~0.5 s of CPU less per file), the
// browser files from their source.
// Usage: node scripts/run-tests.mjs [--list] [--from-source] [substring-filter ...]
//        --list: print the files in order; --from-source: run every file from its TypeScript source
//        (stack traces then point at the sources)
//        RECORD_TEST_TIMES=1 node scripts/run-tests.mjs   (also rewrites scripts/test-durations.json)
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';

const root = new URL('..', import.meta.url).pathname;
const DURATIONS = join(root, 'scripts', 'test-durations.json');
/** The first argument of the child process that runs the files it is given in that order. */
const IN_ORDER = '--files-in-order';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** `files` longest first by the recorded seconds; an unrecorded file counts as its folder's median. */
function longestFirst(files) {
  const seconds = existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) : {};
  const known = Object.entries(seconds);
  const estimate = (file) => {
    if (file in seconds) return seconds[file];
    const siblings = known.filter(([f]) => dirname(f) === dirname(file));
    return median((siblings.length > 0 ? siblings : known).map(([, s]) => s));
  };
  return [...files].sort((a, b) => estimate(b) - estimate(a) || (a < b ? -1 : 1));
}

/** Adds the times recorded in `record` (JSON lines {file, seconds}) to scripts/test-durations.json. */
function saveTimes(record) {
  const seconds = existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) : {};
  for (const line of readFileSync(record, 'utf8').trim().split('\n')) {
    const { file, seconds: s } = JSON.parse(line);
    // a bundle is named after its file: <folder>/test/.../x.test.mjs
    seconds[file.endsWith('.mjs') ? `test/${file.split('/test/').slice(1).join('/test/').replace(/\.mjs$/, '.ts')}` : relative(root, file)] = s;
  }
  const kept = Object.entries(seconds).filter(([f]) => existsSync(join(root, f)));
  writeFileSync(DURATIONS, `${JSON.stringify(Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : 1))), null, 2)}\n`);
  rmSync(record);
  console.log(`recorded the times of ${kept.length} files in ${relative(root, DURATIONS)}`);
}

async function main(args) {
  const list = args.includes('--list');
  const compiled = !args.includes('--from-source');
  const filters = args.filter((arg) => arg !== '--list' && arg !== '--from-source');
  const files = longestFirst(
    walk(join(root, 'test'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => relative(root, f))
      .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))),
  );
  if (files.length === 0) {
    console.error(`no test files match ${filters.join(' ') || 'test/**/*.test.ts'}`);
    return 1;
  }
  if (list) {
    console.log(files.join('\n'));
    return 0;
  }
  const record = process.env.RECORD_TEST_TIMES ? join(tmpdir(), `tfjs-saliency-test-times-${process.pid}.jsonl`) : undefined;
  const preload = record ? ['--import', join(root, 'scripts', 'record-test-time.mjs')] : [];
  const bundles = compiled ? await (await import('./compile-tests.mjs')).compileTests(root, files) : undefined;
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...preload, new URL(import.meta.url).pathname, IN_ORDER, ...(bundles?.files ?? files)], {
    cwd: root,
    stdio: 'inherit',
    env: record ? { ...process.env, RECORD_TEST_TIMES: record } : process.env,
  });
  if (bundles) rmSync(bundles.dir, { recursive: true, force: true });
  if (record && existsSync(record)) saveTimes(record);
  return result.status ?? 1;
}

if (process.argv[2] === IN_ORDER) {
  // The child: Node's default reporter (spec on a terminal, else TAP); exit status 1 when a test failed.
  run({ files: process.argv.slice(3), concurrency: 2 })
    .on('test:fail', () => (process.exitCode = 1))
    .compose(process.stdout.isTTY ? new spec() : tap)
    .pipe(process.stdout);
} else {
  process.exit(await main(process.argv.slice(2)));
}
