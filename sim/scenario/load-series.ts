/**
 * A load profile's time series from a CSV file (`seriesFile`): a header row, then rows of `t` (a
 * duration, e.g. 90m) and `value` (a number >= 0), times increasing. Each bad row is reported at
 * its line.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { DurationError, parseDuration } from "../engine/duration.ts";
import type { SeriesPoint } from "../model/load-profile.ts";
import type { SourceIssue } from "./source.ts";

export function readSeriesFile(file: string): { points: SeriesPoint[]; issues: SourceIssue[] } {
  const issue = (line: number, message: string): SourceIssue => ({ file, line, column: 1, path: "", message });
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { points: [], issues: [issue(1, "cannot read the load series file")] };
  }
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    return { points: [], issues: [issue(1, `not CSV: ${(error as Error).message}`)] };
  }
  const [header, ...body] = rows;
  if (header?.[0] !== "t" || header[1] !== "value") return { points: [], issues: [issue(1, 'expected the header "t,value"')] };
  const points: SeriesPoint[] = [];
  const issues: SourceIssue[] = [];
  let previous = -Infinity;
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
    if (at <= previous) issues.push(issue(line, "t: times must increase from row to row"));
    else if (value === "" || !Number.isFinite(v) || v < 0) issues.push(issue(line, `value: expected a number >= 0, got "${value}"`));
    else points.push({ t: at, value: v });
    previous = Math.max(previous, at);
  });
  if (body.length === 0) issues.push(issue(1, "the series has no rows"));
  return { points, issues };
}
