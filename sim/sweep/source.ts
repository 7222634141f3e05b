/**
 * What a worker needs to rebuild the configurations of a sweep or a capacity search: the scenario
 * as the main process read it (its text: the file may have changed since, and a worker reading it
 * again would run another scenario under the same sweep), the parameters' paths and each
 * configuration's values (plain data, so it crosses to a worker process).
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseSource, readSource, ScenarioError, type SourceDocument } from "../scenario/source.ts";
import { configuration, type Configuration, type ParameterPath } from "./grid.ts";

export interface SweepSource {
  readonly scenarioFile: string;
  readonly scenarioText: string;
  readonly parameters: readonly ParameterPath[];
  readonly rows: Rows;
}

/** Each configuration's values (one per parameter): listed, or a count range of one parameter. */
export type Rows = readonly (readonly unknown[])[] | CountRange;

/** `count` values from `from` by `step`, never listed: a search `to: 1e9` runs about 30 of them. */
export interface CountRange {
  readonly from: number;
  readonly step: number;
  readonly count: number;
}

export function rowCount(rows: Rows): number {
  return "count" in rows ? rows.count : rows.length;
}

export function rowAt(rows: Rows, index: number): readonly unknown[] {
  return "count" in rows ? [rows.from + index * rows.step] : (rows[index] ?? []);
}

/**
 * The scenario a sweep or plan file names, relative to it. One that is not there is the sweep
 * file's mistake: reported at its `scenario:` line, not at line 1 of a file that does not exist.
 */
export function namedScenario(doc: SourceDocument, named: string): SourceDocument {
  const file = resolve(dirname(doc.file), named);
  if (!existsSync(file)) throw new ScenarioError([{ file: doc.file, ...doc.locate(["scenario"]), path: "scenario", message: `file not found: ${file}` }]);
  // Read once: the main process builds from the document, workers parse its text.
  return readSource(file);
}

/**
 * The configurations of `source`, each built (and checked) the first time it is asked for: a
 * worker's, from the text (`scenario` parsed from it), or the main process's, from its document.
 */
export function configurationsOf(source: SweepSource, scenario = parseSource(source.scenarioFile, source.scenarioText)): (index: number) => Configuration {
  const built = new Map<number, Configuration>();
  return (index) => {
    let found = built.get(index);
    if (found === undefined) {
      found = configuration(scenario, source.parameters, rowAt(source.rows, index), index);
      built.set(index, found);
    }
    return found;
  };
}
