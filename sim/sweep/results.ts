/**
 * A sweep's directory. `sweep.json` says what the sweep is (written first, so an interrupted one
 * can be resumed and shards merged only with their own kind); each finished run is appended to
 * the journal `runs.partial.jsonl` at once; when every run is in, the results are written, sorted
 * by run: `runs.csv` (one row per run: parameters, seed, every KPI), `summary.csv` and
 * `summary.json` (per configuration and KPI: n, mean, standard deviation, percentiles, 95%
 * confidence interval). The same runs give the same bytes, however they were spread.
 *
 * The journal exists from the start of a sweep until its results are all written: a directory
 * that has one is unfinished, whatever else it holds.
 */
import { createHash } from "node:crypto";
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { linesOf } from "../recorder/lines.ts";
import { writeFileAtomically } from "../recorder/write-file.ts";
import { join } from "node:path";
import type { Configuration } from "./grid.ts";
import { csvRecords, CsvFileError, writeCsvAtomically, type Cell } from "./csv-file.ts";
import { KpiColumns, shareNames, type Kpis } from "./kpis.ts";
import { AGGREGATE_FIELDS, aggregate, type Aggregate } from "./stats.ts";
import type { SweepSpec } from "./spec.ts";

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface Manifest {
  /** The same for every shard of one sweep, wherever it runs. */
  readonly sweepId: string;
  readonly scenario: string;
  readonly seeds: readonly number[];
  readonly parameters: readonly { readonly name: string; readonly values: readonly unknown[] }[];
  readonly configurations: readonly { readonly index: number; readonly parameters: Readonly<Record<string, unknown>> }[];
  /** The KPIs the report charts. */
  readonly metrics: readonly string[];
  readonly runs: number;
  readonly shard: Shard | null;
}

export interface RunResult {
  readonly run: number;
  readonly configuration: number;
  readonly seed: number;
  readonly kpis: Kpis;
}

export const JOURNAL = "runs.partial.jsonl";
const MANIFEST = "sweep.json";
const RUNS = "runs.csv";
/** What writeResults writes. */
const RESULTS = [RUNS, "summary.csv", "summary.json", "report.html"] as const;

export function manifestOf(spec: SweepSpec, configs: readonly Configuration[], shard: Shard | undefined): Manifest {
  const parameters = spec.parameters.map((p) => ({ name: p.name, values: p.values }));
  const sweepId = createHash("sha256").update(JSON.stringify({ scenario: spec.scenario.value, seeds: spec.seeds, parameters })).digest("hex").slice(0, 16);
  const scenario = configs[0]?.scenario;
  const gates = scenario?.expect.map((g) => g.subject) ?? [];
  return {
    sweepId,
    scenario: scenario?.name ?? "",
    seeds: spec.seeds,
    parameters,
    configurations: configs.map((c) => ({ index: c.index, parameters: c.parameters })),
    metrics: spec.metrics ?? [...new Set(["faults.minServiceAvailability", "cost.total", ...gates])],
    runs: configs.length * spec.seeds.length,
    shard: shard ?? null,
  };
}

/**
 * Starts or resumes a sweep in `dir`: the runs already done (resume) or none, and the journal to
 * add to. Resuming a finished sweep takes its runs from runs.csv, so nothing runs again.
 */
export function openSweep(dir: string, manifest: Manifest, resume: boolean): { readonly done: Map<number, RunResult>; readonly journal: Journal } {
  const file = join(dir, JOURNAL);
  const existing = resume ? readManifest(dir) : undefined;
  if (existing === undefined) {
    startSweep(dir, manifest);
    return { done: new Map(), journal: new Journal(file) };
  }
  const differing = differingField(existing, manifest, []);
  if (differing !== undefined) throw new SweepDirectoryError(`${dir} holds another sweep (or another shard of it): its sweep.json differs in ${differing}: cannot resume there`);
  const finished = !existsSync(file) && existsSync(join(dir, RUNS));
  const done = finished ? readResults(dir, existing) : readJournal(file);
  return { done: new Map(done.map((r) => [r.run, r])), journal: new Journal(file) };
}

/**
 * The first field, in sweep.json's order, in which two manifests differ (but those in `except`),
 * named for a message; undefined when they are the same sweep. Every field counts: two sweeps with
 * the same runs but other `metrics` write other results.
 */
export function differingField(a: Manifest, b: Manifest, except: readonly (keyof Manifest)[]): string | undefined {
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof Manifest)[];
  const field = fields.find((f) => !except.includes(f) && JSON.stringify(a[f]) !== JSON.stringify(b[f]));
  if (field === undefined) return undefined;
  return field === "sweepId" ? '"sweepId" (the scenario, the seeds or the parameters)' : `"${field}"`;
}

/**
 * Makes `dir` the start of a sweep: first the empty journal (so that it reads as unfinished from
 * then on), then no earlier sweep's results, then sweep.json. A directory that holds something
 * else than a sweep is refused: the results it would remove could be anything (a run's summary.json).
 */
export function startSweep(dir: string, manifest: Manifest): void {
  if (existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).length > 0 && !existsSync(join(dir, MANIFEST))) {
    throw new SweepDirectoryError(`${dir}: not empty and not a sweep directory (no ${MANIFEST}): give another --out, or empty it`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, JOURNAL), "");
  for (const f of RESULTS) rmSync(join(dir, f), { force: true });
  writeFileAtomically(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * The journal of finished runs, a line each: `[run, configuration, seed, [values]]`, after a line
 * `{"names": [...]}` whenever the KPI names change. A run has thousands of KPIs, nearly always the
 * same names: written once, not once a run (that made the journal 15 times larger).
 */
export class Journal {
  #names: readonly string[] | undefined;

  constructor(readonly file: string) {}

  append(result: RunResult): void {
    const { names, values } = result.kpis;
    const header = shareNames(names, this.#names) === this.#names ? "" : `${JSON.stringify({ names })}\n`;
    this.#names = names;
    appendFileSync(this.file, `${header}${JSON.stringify([result.run, result.configuration, result.seed, Array.from(values)])}\n`);
  }
}

/**
 * The journal's runs, read a line at a time (it holds every KPI of every run). A last line cut
 * short by an interruption (every line is written whole, with its newline) is dropped, and cut
 * from the file: what is appended next must start a line of its own.
 */
function readJournal(file: string): RunResult[] {
  if (!existsSync(file)) return [];
  const whole = wholeLinesLength(file);
  if (whole < statSync(file).size) truncateSync(file, whole);
  let names: readonly string[] = [];
  const results: RunResult[] = [];
  for (const [line, n] of linesOf(file)) {
    if (line === "") continue;
    let entry: { names: string[] } | [number, number, number, number[]];
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch (error) {
      throw new SweepDirectoryError(`${file}:${n}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(entry)) {
      names = entry.names;
      continue;
    }
    const [run, configuration, seed, values] = entry;
    results.push({ run, configuration, seed, kpis: { names, values } });
  }
  return results;
}

/** The bytes of a file up to and with its last "\n", found from the end. */
function wholeLinesLength(file: string): number {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(1 << 16);
    for (let end = fstatSync(fd).size; end > 0; ) {
      const start = Math.max(0, end - buffer.length);
      const read = readSync(fd, buffer, 0, end - start, start);
      const newline = buffer.subarray(0, read).lastIndexOf(0x0a);
      if (newline >= 0) return start + newline + 1;
      end = start;
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}

export function readManifest(dir: string): Manifest | undefined {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SweepDirectoryError(`${file}: not valid JSON (${error.message})`);
  }
}

/** A shard's or a whole sweep's finished runs, sorted, read back from its runs.csv a line at a time. */
export function readResults(dir: string, manifest: Manifest): RunResult[] {
  if (existsSync(join(dir, JOURNAL))) throw new SweepDirectoryError(`${dir}: not finished: run it again with --resume`);
  const file = join(dir, RUNS);
  if (!existsSync(file)) throw new SweepDirectoryError(`${dir}: no runs.csv (not a finished sweep or shard)`);
  // run, configuration, the parameters, seed, then the KPIs; a KPI a run lacks is an empty cell.
  const firstKpi = 3 + manifest.parameters.length;
  let header: readonly string[] | undefined;
  let last: readonly string[] | undefined;
  const results: RunResult[] = [];
  try {
    for (const [row, line] of csvRecords(file)) {
      if (header === undefined) {
        header = row;
        continue;
      }
      if (row.length !== header.length) throw new SweepDirectoryError(`${file}:${line}: ${row.length} fields where the header has ${header.length}`);
      const present: string[] = [];
      const values: number[] = [];
      for (let k = firstKpi; k < row.length; k++) {
        const cell = row[k] as string;
        if (cell === "") continue;
        present.push(header[k] as string);
        values.push(Number(cell));
      }
      last = shareNames(present, last);
      results.push({ run: Number(row[0]), configuration: Number(row[1]), seed: Number(row[firstKpi - 1]), kpis: { names: last, values } });
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    throw new SweepDirectoryError(error.message);
  }
  return results;
}

/** Writes the results of finished runs; the journal goes. */
export function writeResults(dir: string, manifest: Manifest, results: readonly RunResult[], report: (summary: SweepSummary) => string): SweepSummary {
  const sorted = [...results].sort((a, b) => a.run - b.run);
  const columns = new KpiColumns(sorted.map((r) => r.kpis));
  const params = manifest.parameters.map((p) => p.name);
  writeCsvAtomically(join(dir, RUNS), runRows(manifest, sorted, columns));
  const summary = summarize(manifest, sorted, columns);
  writeCsvAtomically(join(dir, "summary.csv"), summaryRows(summary, params, columns.names));
  writeFileAtomically(join(dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileAtomically(join(dir, "report.html"), report(summary));
  rmSync(join(dir, JOURNAL), { force: true });
  return summary;
}

/** runs.csv's rows, the header first, made one at a time as they are written. */
function* runRows(manifest: Manifest, sorted: readonly RunResult[], columns: KpiColumns): Generator<Cell[]> {
  const params = manifest.parameters.map((p) => p.name);
  yield ["run", "configuration", ...params, "seed", ...columns.names];
  for (const r of sorted) {
    const config = manifest.configurations[r.configuration];
    yield [r.run, r.configuration, ...params.map((p) => csvCell(config?.parameters[p])), r.seed, ...columns.row(r.kpis)];
  }
}

/** summary.csv's rows: a row per configuration and KPI, empty where the configuration's runs lack it. */
function* summaryRows(summary: SweepSummary, params: readonly string[], kpiNames: readonly string[]): Generator<Cell[]> {
  yield ["configuration", ...params, "kpi", ...AGGREGATE_FIELDS];
  for (const c of summary.configurations) {
    const cells = params.map((p) => csvCell(c.parameters[p]));
    for (const k of kpiNames) yield [c.index, ...cells, k, ...AGGREGATE_FIELDS.map((f) => c.kpis[k]?.[f])];
  }
}

/** A parameter's value in a CSV cell: a number or a string as it is, anything else (true, a list) as JSON; none, an empty cell. */
export function csvCell(value: unknown): Cell {
  return typeof value === "number" || typeof value === "string" ? value : (JSON.stringify(value) as string | undefined);
}

export interface ConfigurationSummary {
  readonly index: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly runs: number;
  readonly kpis: Readonly<Record<string, Aggregate>>;
}

export interface SweepSummary {
  readonly sweep: Omit<Manifest, "configurations" | "shard">;
  readonly configurations: readonly ConfigurationSummary[];
}

/**
 * The aggregates of each configuration's runs. A configuration's runs are contiguous among runs
 * sorted by run (run = configuration x seeds + seed index), so each is a slice, gathered a KPI
 * column at a time from that slice alone.
 */
function summarize(manifest: Manifest, sorted: readonly RunResult[], columns: KpiColumns): SweepSummary {
  const { configurations, shard, ...sweep } = manifest;
  void shard;
  let start = 0;
  return {
    sweep,
    configurations: configurations.map((c) => {
      let end = start;
      while (end < sorted.length && (sorted[end] as RunResult).configuration === c.index) end++;
      const values = columns.names.map((): number[] => []);
      for (let i = start; i < end; i++) columns.forEach((sorted[i] as RunResult).kpis, (column, value) => (values[column] as number[]).push(value));
      const kpis: Record<string, Aggregate> = {};
      columns.names.forEach((k, j) => {
        if ((values[j] as number[]).length > 0) kpis[k] = aggregate(values[j] as number[], k === "passed");
      });
      const runs = end - start;
      start = end;
      return { index: c.index, parameters: c.parameters, runs, kpis };
    }),
  };
}

export class SweepDirectoryError extends Error {}
