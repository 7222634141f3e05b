import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { linesOf } from "../../sim/recorder/lines.ts";

describe("reading a run directory's files line by line", () => {
  it("gives every line with its number, across chunk boundaries and split multi-byte characters, and a last line without a newline", () => {
    // Lines of 999 bytes plus "\n" put the 1 MiB chunk boundary inside a line and, with "é" (2 bytes), inside a character.
    const lines = Array.from({ length: 3000 }, (_, i) => `${String(i).padStart(4, "0")}${"é".repeat(497)}x`);
    const file = join(mkdtempSync(join(tmpdir(), "ecs-sim-lines-")), "events.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n\nlast`);
    const read = [...linesOf(file)];
    expect(read).toHaveLength(3002);
    expect(read.slice(0, 3000).every(([line, n]) => line === lines[n - 1])).toBe(true);
    expect(read.slice(3000)).toEqual([["", 3001], ["last", 3002]]);
  });
});
