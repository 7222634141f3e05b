/**
 * A text file's lines, read in chunks: a run directory's events.jsonl can be larger than the
 * longest string V8 can make (512 MiB: a month of placement explanations on 1,000 instances).
 */
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

const CHUNK_BYTES = 1 << 20;

/** Each line without its "\n", numbered from 1; a final line without "\n" too. */
export function* linesOf(file: string): Generator<[line: string, n: number]> {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    const decoder = new StringDecoder("utf8");
    let rest = "";
    let n = 0;
    for (;;) {
      const bytes = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      const text = rest + (bytes === 0 ? decoder.end() : decoder.write(buffer.subarray(0, bytes)));
      let start = 0;
      for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
        yield [text.slice(start, end), ++n];
        start = end + 1;
      }
      rest = text.slice(start);
      if (bytes === 0) break;
    }
    if (rest !== "") yield [rest, ++n];
  } finally {
    closeSync(fd);
  }
}
