/** Reading run directories for `report` and `compare`: a directory that is not a run is bad input. */
import { readRun, RunDirectoryError, type RunData } from "../../reports/run-data.ts";

/** The run in `dir`; throws RunDirectoryError when it is not a run or holds a file that is not JSON. */
export function readRunDirectory(dir: string): RunData {
  try {
    return readRun(dir);
  } catch (error) {
    // From JSON.parse of summary.json or events.jsonl: a damaged file, not a bug.
    if (!(error instanceof SyntaxError)) throw error;
    throw new RunDirectoryError(`${dir}: summary.json or events.jsonl is not valid JSON (${error.message})`);
  }
}
