/**
 * Writes a run directory atomically: everything goes into a hidden sibling directory first and is
 * renamed into place only when complete, so a run that fails or is interrupted leaves nothing that
 * looks like a result (contract 3 of the design).
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { SimEvent } from "../model/events.ts";
import { csvField } from "./csv-field.ts";
import { LineFile } from "./line-file.ts";
import { METRIC_COLUMNS, type MetricRow } from "./metrics.ts";
import type { RunOutput } from "./output.ts";
import { TASK_COLUMNS } from "./task-rows.ts";

/**
 * A CSV field: quoted only when it holds a comma, quote or line break (RFC 4180). Metric rows are
 * written here rather than by csv-stringify because a long run has millions of them.
 */
export class RunDirectory {
  readonly #temp: string;
  readonly #events: LineFile;
  readonly #metrics: LineFile;

  /** Starts a run directory that will become `target` when committed. */
  constructor(readonly target: string) {
    mkdirSync(dirname(target), { recursive: true });
    this.#temp = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`));
    this.#events = new LineFile(join(this.#temp, "events.jsonl"));
    this.#metrics = new LineFile(join(this.#temp, "metrics.csv"));
    this.#metrics.write(METRIC_COLUMNS.join(","));
  }

  /** Appends one event to events.jsonl, as a line of JSON. */
  readonly appendEvent = (event: SimEvent): void => {
    this.#events.write(JSON.stringify(event));
  };

  /** Appends one row to metrics.csv. */
  readonly appendMetric = (row: MetricRow): void => {
    this.#metrics.write(`${row.t},${row.scope},${csvField(row.id)},${row.metric},${row.value}`);
  };

  /** Writes the other files of a finished run. */
  writeOutputs(output: RunOutput): void {
    writeFileSync(join(this.#temp, "summary.json"), `${JSON.stringify(output.summary, null, 2)}\n`);
    writeFileSync(join(this.#temp, "tasks.csv"), stringify([...output.tasks], { header: true, columns: [...TASK_COLUMNS] }));
  }

  /** Writes one more file, e.g. run.json. */
  writeFile(name: string, content: string): void {
    writeFileSync(join(this.#temp, name), content);
  }

  /** Writes a file made from the files written so far (the report), before the directory is committed. */
  derive(name: string, make: (directory: string) => string): void {
    this.#close();
    this.writeFile(name, make(this.#temp));
  }

  /** Moves the finished directory into place, replacing an older run at the same path. */
  commit(): void {
    this.#close();
    if (existsSync(this.target)) rmSync(this.target, { recursive: true, force: true });
    renameSync(this.#temp, this.target);
  }

  /** Removes everything written so far. */
  discard(): void {
    this.#close();
    rmSync(this.#temp, { recursive: true, force: true });
  }

  #close(): void {
    this.#events.close();
    this.#metrics.close();
  }
}
