/**
 * A sweep's CSV files, written and read a line at a time: runs.csv has a row per run and a column
 * per KPI, thousands of each, more than one string (or the heap) can hold.
 */
import { renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CsvError, parse } from "csv-parse/sync";
import { csvField } from "../recorder/csv-field.ts";
import { LineFile } from "../recorder/line-file.ts";
import { linesOf } from "../recorder/lines.ts";

/** undefined is an empty cell. */
export type Cell = string | number | undefined;

/** A cell as csv-stringify wrote it (the files stay byte-identical); most are KPI values, which never need quoting. */
function cell(value: Cell): string {
  if (value === undefined) return "";
  return typeof value === "number" ? String(value) : csvField(value);
}

/** Writes the rows whole or not at all: to a hidden sibling first, renamed over `path` when complete. */
export function writeCsvAtomically(path: string, rows: Iterable<readonly Cell[]>): void {
  const temp = join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
  const file = new LineFile(temp);
  try {
    for (const row of rows) file.write(row.map(cell).join(","));
    file.close();
    renameSync(temp, path);
  } catch (error) {
    file.close();
    rmSync(temp, { force: true });
    throw error;
  }
}

/** A CSV file's records, each with the line it starts on; a quoted line break joins lines into one record. */
export function* csvRecords(file: string): Generator<[fields: string[], line: number]> {
  let record = "";
  let start = 0;
  for (const [line, n] of linesOf(file)) {
    if (record === "") start = n;
    record = record === "" ? line : `${record}\n${line}`;
    // Quotes are doubled inside a quoted field: an odd count leaves a field open.
    if (quotes(record) % 2 === 1) continue;
    let fields: string[][];
    try {
      fields = parse(record) as string[][];
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      throw new CsvFileError(`${file}:${start}: ${error.message}`);
    }
    record = "";
    for (const f of fields) yield [f, start];
  }
  if (record !== "") throw new CsvFileError(`${file}:${start}: a quoted field is not closed`);
}

export class CsvFileError extends Error {}

function quotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}
