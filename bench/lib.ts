/** A tiny benchmark harness: wall-clock samples per call, summarised as throughput and latency percentiles. */

export interface MeasureOptions {
  iterations: number;
  /** Calls made first and thrown away (JIT, caches, file system warm-up). */
  warmup?: number;
}

export interface Measurement {
  name: string;
  iterations: number;
  opsPerSec: number;
  meanUs: number;
  p50Us: number;
  p95Us: number;
}

export async function measure(name: string, fn: () => unknown, options: MeasureOptions): Promise<Measurement> {
  const { iterations, warmup = 0 } = options;
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`measure(${name}): iterations must be a positive integer`);
  for (let i = 0; i < warmup; i++) await fn();
  const samplesNs: bigint[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samplesNs.push(process.hrtime.bigint() - start);
  }
  return summarise(name, samplesNs);
}

/**
 * Measures several functions by alternating between them call by call (reversing the order every
 * other pass), so that drift in the machine (disk latency, other processes) hits each one alike.
 * Use it when the point is the ratio between the cases rather than their absolute speed.
 */
export async function measureAlternating(cases: Readonly<Record<string, () => unknown>>, options: MeasureOptions): Promise<Measurement[]> {
  const { iterations, warmup = 0 } = options;
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError("measureAlternating: iterations must be a positive integer");
  const names = Object.keys(cases);
  const samplesNs = new Map<string, bigint[]>(names.map((n) => [n, []]));
  for (let i = 0; i < warmup + iterations; i++) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      const start = process.hrtime.bigint();
      await cases[name]!();
      if (i >= warmup) samplesNs.get(name)!.push(process.hrtime.bigint() - start);
    }
  }
  return names.map((name) => summarise(name, samplesNs.get(name)!));
}

export function summarise(name: string, samplesNs: readonly bigint[]): Measurement {
  const us = samplesNs.map((ns) => Number(ns) / 1000).sort((a, b) => a - b);
  const totalUs = us.reduce((sum, v) => sum + v, 0);
  return {
    name,
    iterations: us.length,
    opsPerSec: totalUs === 0 ? Number.POSITIVE_INFINITY : (us.length * 1e6) / totalUs,
    meanUs: totalUs / us.length,
    p50Us: percentile(us, 0.5),
    p95Us: percentile(us, 0.95),
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sortedAsc: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sortedAsc.length));
  return sortedAsc[rank - 1] ?? Number.NaN;
}

export interface TableOptions {
  /** Name of the row every other row is compared with; it must be in `rows`. */
  baseline: string;
  /** Which figure the ratio compares; mean by default. */
  ratioOf?: "meanUs" | "p50Us";
}

/** Prints the rows with a "× baseline" column (cost relative to the baseline row of the same run). */
export function printTable(title: string, rows: readonly Measurement[], options: TableOptions): void {
  const ratioOf = options.ratioOf ?? "meanUs";
  const base = rows.find((r) => r.name === options.baseline);
  if (!base) throw new Error(`printTable(${title}): baseline "${options.baseline}" is not among the rows`);
  const header = ["", "ops/s", "mean µs", "p50 µs", "p95 µs", `× ${options.baseline} (${ratioOf === "meanUs" ? "mean" : "p50"})`];
  const body = rows.map((r) => [
    r.name,
    formatNumber(r.opsPerSec),
    formatNumber(r.meanUs),
    formatNumber(r.p50Us),
    formatNumber(r.p95Us),
    ratio(r[ratioOf], base[ratioOf]).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) console.log(line(row));
}

export function ratio(value: number, baseline: number): number {
  return baseline === 0 ? Number.NaN : value / baseline;
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1);
}
