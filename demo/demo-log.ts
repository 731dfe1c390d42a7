/** What the demo prints while it runs, and the methods that failed (shown in the gallery too). */

/** Progress lines and failures of one demo run. */
export interface DemoLog {
  /** Prints one progress line. */
  print(line: string): void;
  /** Records (and prints) that `what` failed; the demo goes on with the other methods. */
  failed(what: string, error: unknown): string;
  /** Everything that failed so far, as "what: message". */
  readonly failures: readonly string[];
}

/** A {@link DemoLog} that prints through `print`. */
export function demoLog(print: (line: string) => void): DemoLog {
  const failures: string[] = [];
  return {
    print,
    failed(what, error) {
      const line = `${what}: ${error instanceof Error ? error.message : String(error)}`;
      failures.push(line);
      print(`  FAILED ${line}`);
      return line;
    },
    failures,
  };
}

/** Seconds as "0.42 s". */
export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}
