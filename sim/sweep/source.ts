/**
 * What a worker needs to rebuild the configurations of a sweep or a capacity search: the scenario
 * as the main process read it (its text: the file may have changed since, and a worker reading it
 * again would run another scenario under the same sweep), the parameters' paths and each
 * configuration's values (plain data, so it crosses to a worker process).
 */
import { readFileSync } from "node:fs";
import { parseSource, readSource, type SourceDocument } from "../scenario/source.ts";
import { configuration, type Configuration, type ParameterPath } from "./grid.ts";

export interface SweepSource {
  readonly scenarioFile: string;
  readonly scenarioText: string;
  readonly parameters: readonly ParameterPath[];
  readonly rows: readonly (readonly unknown[])[];
}

/** A scenario file, read once: the document the main process builds from, and the text workers parse. */
export function readScenario(file: string): { readonly document: SourceDocument; readonly text: string } {
  // readSource first, for its checks and messages (missing, too large, not text, not YAML).
  readSource(file);
  // Decoded as readSource decodes it (a leading BOM dropped); parsed from this text alone from here on.
  const text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file));
  return { document: parseSource(file, text), text };
}

/** The configurations a worker runs, each built the first time one of its runs comes. */
export function configurationsOf(source: SweepSource): (index: number) => Configuration {
  const scenario = parseSource(source.scenarioFile, source.scenarioText);
  const built = new Map<number, Configuration>();
  return (index) => {
    let found = built.get(index);
    if (found === undefined) {
      found = configuration(scenario, source.parameters, source.rows[index] ?? [], index);
      built.set(index, found);
    }
    return found;
  };
}
