/**
 * A sweep's CSV files, written and read a line at a time: runs.csv has a row per run and a column
 * per KPI, thousands of each, more than one string (or the heap) can hold.
 */
import { CsvError, parse } from "csv-parse/sync";
import { csvField } from "../recorder/csv-field.ts";
import { linesOf } from "../recorder/lines.ts";
import { writeLinesAtomically } from "../recorder/write-file.ts";

/** undefined is an empty cell. */
export type Cell = string | number | undefined;

/** A cell as csv-stringify wrote it (the files stay byte-identical); most are KPI values, which never need quoting. */
function cell(value: Cell): string {
  if (value === undefined) return "";
  return typeof value === "number" ? String(value) : csvField(value);
}

/** Writes the rows whole or not at all (writeLinesAtomically), a row at a time. */
export function writeCsvAtomically(path: string, rows: Iterable<readonly Cell[]>): void {
  writeLinesAtomically(path, (function* () {
    for (const row of rows) yield row.map(cell).join(",");
  })());
}

/** A CSV file's records, each with the line it starts on; a quoted line break joins lines into one record. */
export function* csvRecords(file: string): Generator<[fields: string[], line: number]> {
  let record = "";
  let start = 0;
  for (const [line, n] of linesOf(file)) {
    if (record === "") start = n;
    record = record === "" ? line : `${record}\n${line}`;
    // Quotes are doubled inside a quoted field: an odd count leaves a field open.
    const count = quotes(record);
    if (count % 2 === 1) continue;
    // Most rows (KPI values) quote nothing: split them without the parser.
    if (count === 0) {
      record = "";
      if (line !== "") yield [line.split(","), start];
      continue;
    }
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
