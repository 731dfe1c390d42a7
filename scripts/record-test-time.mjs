// Preloaded (node --import) into each test file's process by `RECORD_TEST_TIMES=1 node
// scripts/run-tests.mjs`: on exit, appends the file and its run time in seconds, from the process's
// start, to the file named by $RECORD_TEST_TIMES (run-tests.mjs gathers them into test-durations.json).
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.argv[1] ?? '';
if (isMainThread && /\.test\.m?[jt]s$/.test(file) && process.env.RECORD_TEST_TIMES) {
  process.on('exit', () => {
    const seconds = Math.round((Date.now() - performance.timeOrigin) / 100) / 10;
    appendFileSync(process.env.RECORD_TEST_TIMES, `${JSON.stringify({ file, seconds })}\n`);
  });
}
