/** Writes a file whole or not at all: to a hidden sibling first, then renamed over the target. */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export function writeFileAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
  writeFileSync(temp, content);
  renameSync(temp, path);
}
