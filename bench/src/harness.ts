/** The minimum, median and maximum of a series. */
export interface Stats {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** One side of a benchmark: what ran, and its times in ms over the rounds. */
export interface Side extends Stats {
  readonly label: string;
}

/** One benchmark: ceap's path and its raw baseline, run interleaved in the same process. */
export interface BenchEntry {
  /** A stable name, for `--only` and for `--json` readers. */
  readonly name: string;
  readonly description: string;
  readonly ceap: Side;
  readonly baseline: Side;
  /** ceap ÷ baseline, round by round, so the machine's drift hits both alike. */
  readonly ratio: Stats;
  /** What the sides measure. @default 'ms' */
  readonly unit?: string;
  /** The target this figure is held to, in words. */
  readonly goal: string;
  /** Whether the median meets the goal, when the goal is a number. */
  readonly met?: boolean;
  readonly detail: string;
}

/** How big a run is: `--quick` is a smoke test of shape and finite numbers, nothing more. */
export interface BenchSize {
  readonly quick: boolean;
  readonly rounds: number;
}

/** A benchmark that can be run by name: one entry, or one per thing it compares. */
export interface Benchmark {
  readonly name: string;
  run(size: BenchSize): Promise<BenchEntry | readonly BenchEntry[]>;
}

/**
 * Runs each function once to warm up, then `rounds` times interleaved (a, b, a, b, …), and
 * returns each one's times in ms, round by round.
 */
export async function interleavedRounds(
  rounds: number,
  fns: readonly (() => Promise<unknown>)[],
): Promise<number[][]> {
  for (const fn of fns) await fn();
  const times: number[][] = fns.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, fn] of fns.entries()) {
      const start = process.hrtime.bigint();
      await fn();
      times[index]?.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times;
}

export function stats(series: readonly number[]): Stats {
  const sorted = [...series].sort((a, b) => a - b);
  return {
    min: sorted[0] as number,
    median: sorted[Math.floor(sorted.length / 2)] as number,
    max: sorted.at(-1) as number,
  };
}

/** Builds an entry from the two sides' round-by-round times. */
export function entry(
  base: Omit<BenchEntry, 'ceap' | 'baseline' | 'ratio'>,
  ceap: { label: string; times: readonly number[] },
  baseline: { label: string; times: readonly number[] },
): BenchEntry {
  return {
    ...base,
    ceap: { label: ceap.label, ...stats(ceap.times) },
    baseline: { label: baseline.label, ...stats(baseline.times) },
    ratio: stats(ceap.times.map((time, i) => time / (baseline.times[i] as number))),
  };
}

/** The entries as a Markdown table, ready for BENCHMARKS.md. */
export function formatTable(entries: readonly BenchEntry[]): string {
  const range = (s: Stats) => `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)}`;
  const rows = entries.map((e) => [
    e.name,
    `${e.ceap.label}: ${range(e.ceap)} ${e.unit ?? 'ms'}`,
    `${e.baseline.label}: ${range(e.baseline)} ${e.unit ?? 'ms'}`,
    `${e.ratio.median.toFixed(2)}x (${e.ratio.min.toFixed(2)}–${e.ratio.max.toFixed(2)})`,
    `${e.goal}${e.met === undefined ? '' : e.met ? ': met' : ': not met'}`,
    e.detail,
  ]);
  const header = [
    'name',
    'ceap (min / median / max)',
    'baseline (min / median / max)',
    'ratio',
    'goal',
    'detail',
  ];
  return [header, header.map(() => '---'), ...rows]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(2);
}
