/** A file written line by line through a buffer, with synchronous writes: the run loop is synchronous too. */
import { closeSync, openSync, writeSync } from "node:fs";

const FLUSH_CHARS = 1 << 16;

export class LineFile {
  #fd: number | undefined;
  #buffer: string[] = [];
  #buffered = 0;

  constructor(path: string) {
    this.#fd = openSync(path, "w");
  }

  write(line: string): void {
    this.#buffer.push(line, "\n");
    this.#buffered += line.length + 1;
    if (this.#buffered >= FLUSH_CHARS) this.#flush();
  }

  close(): void {
    if (this.#fd === undefined) return;
    this.#flush();
    closeSync(this.#fd);
    this.#fd = undefined;
  }

  #flush(): void {
    if (this.#fd !== undefined && this.#buffer.length > 0) writeSync(this.#fd, this.#buffer.join(""));
    this.#buffer = [];
    this.#buffered = 0;
  }
}
