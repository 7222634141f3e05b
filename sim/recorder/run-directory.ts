/**
 * Writes a run directory atomically: everything goes into a hidden sibling directory first and is
 * renamed into place only when complete, so a run that fails or is interrupted leaves nothing that
 * looks like a result (contract 3 of the design).
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { RunOutput } from "./output.ts";
import { TASK_COLUMNS } from "./task-rows.ts";

const FLUSH_BYTES = 1 << 16;

export class RunDirectory {
  readonly #temp: string;
  #events: number | undefined;
  #buffer: string[] = [];
  #buffered = 0;

  /** Starts a run directory that will become `target` when committed. */
  constructor(readonly target: string) {
    mkdirSync(dirname(target), { recursive: true });
    this.#temp = mkdtempSync(join(dirname(target), `.${basename(target)}.partial-`));
    this.#events = openSync(join(this.#temp, "events.jsonl"), "w");
  }

  /** Appends one line to events.jsonl (buffered). */
  readonly appendEvent = (line: string): void => {
    this.#buffer.push(line, "\n");
    this.#buffered += line.length + 1;
    if (this.#buffered >= FLUSH_BYTES) this.#flush();
  };

  #flush(): void {
    if (this.#events !== undefined && this.#buffer.length > 0) writeSync(this.#events, this.#buffer.join(""));
    this.#buffer = [];
    this.#buffered = 0;
  }

  /** Writes the other files of a finished run. */
  writeOutputs(output: RunOutput): void {
    writeFileSync(join(this.#temp, "summary.json"), `${JSON.stringify(output.summary, null, 2)}\n`);
    writeFileSync(join(this.#temp, "tasks.csv"), stringify([...output.tasks], { header: true, columns: [...TASK_COLUMNS] }));
    writeFileSync(
      join(this.#temp, "metrics.csv"),
      stringify([...output.metrics], { header: true, columns: ["t", "scope", "id", "metric", "value"] }),
    );
  }

  /** Writes one more file, e.g. run.json. */
  writeFile(name: string, content: string): void {
    writeFileSync(join(this.#temp, name), content);
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
    this.#flush();
    if (this.#events !== undefined) closeSync(this.#events);
    this.#events = undefined;
  }
}
