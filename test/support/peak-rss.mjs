// Preloaded into a spawned CLI (node --import) by tests where memory is the point: on exit, writes the
// process's peak resident set size in bytes to the file named by $PEAK_RSS_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.PEAK_RSS_FILE) writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
