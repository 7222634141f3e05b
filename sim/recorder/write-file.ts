/** Writes a file whole or not at all: to a hidden sibling first, then renamed over the target. */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LineFile } from "./line-file.ts";

/** The hidden sibling a file is written to before it is renamed into place. */
function partialOf(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  return join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
}

export function writeFileAtomically(path: string, content: string): void {
  const temp = partialOf(path);
  writeFileSync(temp, content);
  renameSync(temp, path);
}

/** The same for content too big for one string: written a line at a time. */
export function writeLinesAtomically(path: string, lines: Iterable<string>): void {
  const temp = partialOf(path);
  const file = new LineFile(temp);
  try {
    for (const line of lines) file.write(line);
    file.close();
    renameSync(temp, path);
  } catch (error) {
    file.close();
    rmSync(temp, { force: true });
    throw error;
  }
}
