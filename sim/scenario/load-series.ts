/**
 * A load profile's time series from a CSV file (`seriesFile`): a header row, then rows of `t` (a
 * duration, e.g. 90m) and `value` (a number). Each bad row is reported at its line; the series'
 * own rules (times increasing, values >= 0) are the load profile's, reported at the row too.
 */
import { parse } from "csv-parse/sync";
import { DurationError, parseDuration } from "../engine/duration.ts";
import { loadProfileProblems, type SeriesPoint } from "../model/load-profile.ts";
import { readTextFile, type SourceIssue } from "./source.ts";

export function readSeriesFile(file: string): { points: SeriesPoint[]; issues: SourceIssue[] } {
  const issue = (line: number, message: string): SourceIssue => ({ file, line, column: 1, path: "", message });
  const read = readTextFile(file, "a CSV load series");
  if ("problem" in read) return { points: [], issues: [issue(1, read.problem)] };
  let rows: string[][];
  try {
    rows = parse(read.text, { skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    return { points: [], issues: [issue(1, `not CSV: ${(error as Error).message}`)] };
  }
  const [header, ...body] = rows;
  if (header?.[0] !== "t" || header[1] !== "value") return { points: [], issues: [issue(1, 'expected the header "t,value"')] };
  const points: SeriesPoint[] = [];
  /** The line of each point. */
  const lines: number[] = [];
  const issues: SourceIssue[] = [];
  body.forEach(([t = "", value = ""], i) => {
    const line = i + 2;
    let at: number;
    try {
      at = parseDuration(t);
    } catch (error) {
      if (!(error instanceof DurationError)) throw error;
      issues.push(issue(line, `t: ${error.message}`));
      return;
    }
    const v = Number(value);
    if (value === "" || !Number.isFinite(v)) issues.push(issue(line, `value: expected a number, got "${value}"`));
    else {
      points.push({ t: at, value: v });
      lines.push(line);
    }
  });
  if (issues.length > 0) return { points, issues };
  // Path ["points"] (no points) or ["points", index, field].
  for (const { path, message } of loadProfileProblems({ type: "series", points })) {
    const [, index, field] = path;
    issues.push(issue(typeof index === "number" ? (lines[index] as number) : 1, field === undefined ? message : `${String(field)}: ${message}`));
  }
  return { points, issues };
}
