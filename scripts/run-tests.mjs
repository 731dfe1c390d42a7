#!/usr/bin/env node
// Runs every *.test.ts under test/ with Node's built-in runner (TypeScript through tsx).
// Node 20's --test does not expand globs itself, so the files are listed here, longest first: the
// runner starts files in the order given, two at a time, so a long file started last would stretch
// the run by its own length. The lengths are relative weights measured on a run of the whole suite
// (scripts/test-durations.json); a file not in it counts as the median file of its folder.
// Usage: node scripts/run-tests.mjs [--list] [substring-filter ...]   (--list: print the files in order)
//        RECORD_TEST_TIMES=1 node scripts/run-tests.mjs   (also rewrites scripts/test-durations.json)
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const list = process.argv.includes('--list');
const filters = process.argv.slice(2).filter((arg) => arg !== '--list');
const DURATIONS = join(root, 'scripts', 'test-durations.json');

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

const files = longestFirst(
  walk(join(root, 'test'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => relative(root, f))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))),
);

if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}
if (list) {
  console.log(files.join('\n'));
  process.exit(0);
}
const record = process.env.RECORD_TEST_TIMES ? join(tmpdir(), `tfjs-saliency-test-times-${process.pid}.jsonl`) : undefined;
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', ...(record ? ['--import', join(root, 'scripts', 'record-test-time.mjs')] : []), '--test', '--test-concurrency=2', ...files],
  { cwd: root, stdio: 'inherit', env: record ? { ...process.env, RECORD_TEST_TIMES: record } : process.env },
);
if (record && existsSync(record)) {
  const seconds = existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) : {};
  for (const line of readFileSync(record, 'utf8').trim().split('\n')) {
    const { file, seconds: s } = JSON.parse(line);
    seconds[relative(root, file)] = s;
  }
  const sorted = Object.fromEntries(Object.entries(seconds).filter(([f]) => existsSync(join(root, f))).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(DURATIONS, `${JSON.stringify(sorted, null, 2)}\n`);
  rmSync(record);
  console.log(`recorded the times of ${files.length} files in ${relative(root, DURATIONS)}`);
}
process.exit(result.status ?? 1);
