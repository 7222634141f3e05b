// Tests for reading scenario source files: positions of values and keys,
// and the single clear error for each way a file can be unusable.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatIssue, parseSource, readSource, ScenarioError } from "../../sim/scenario/source.ts";

const dir = mkdtempSync(join(tmpdir(), "ecs-sim-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `fn`, which must throw a ScenarioError, and returns its lines. */
function errorLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as Error).stack ?? "").not.toBe("");
    return (err as ScenarioError).message.split("\n");
  }
  throw new Error("expected a ScenarioError, but nothing was thrown");
}

function writeTemp(name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe("formatIssue", () => {
  it("puts the path before the message", () => {
    expect(formatIssue({ file: "a.yaml", line: 3, column: 5, path: "services[0].desiredCount", message: "boom" })).toBe(
      "a.yaml:3:5 services[0].desiredCount: boom",
    );
  });

  it("leaves the path out when it is empty", () => {
    expect(formatIssue({ file: "a.yaml", line: 1, column: 1, path: "", message: "file not found" })).toBe("a.yaml:1:1 file not found");
  });
});

describe("ScenarioError", () => {
  it("sorts issues by file, line and column and prints one per line", () => {
    const err = new ScenarioError([
      { file: "b.yaml", line: 1, column: 1, path: "", message: "third" },
      { file: "a.yaml", line: 9, column: 2, path: "x", message: "second" },
      { file: "a.yaml", line: 2, column: 7, path: "", message: "first" },
      { file: "a.yaml", line: 9, column: 1, path: "", message: "between" },
    ]);
    expect(err.message).toBe(["a.yaml:2:7 first", "a.yaml:9:1 between", "a.yaml:9:2 x: second", "b.yaml:1:1 third"].join("\n"));
    expect(err.issues.map((i) => i.message)).toEqual(["first", "between", "second", "third"]);
    expect(err.name).toBe("ScenarioError");
  });
});

describe("parseSource positions", () => {
  const text = [
    "name: demo", // 1
    "cluster:", // 2
    "  containerInstances:", // 3
    "    - instanceType: m5.large", // 4
    "      count: 2", // 5
    "    - { instanceType: c5.xlarge, count: 1 }", // 6
    "services:", // 7
    "  - serviceName: web", // 8
    "    desiredCount:", // 9
  ].join("\n");
  const doc = parseSource("s.yaml", text);

  it("keeps the data", () => {
    expect(doc.file).toBe("s.yaml");
    expect(doc.value).toEqual({
      name: "demo",
      cluster: {
        containerInstances: [
          { instanceType: "m5.large", count: 2 },
          { instanceType: "c5.xlarge", count: 1 },
        ],
      },
      services: [{ serviceName: "web", desiredCount: null }],
    });
  });

  it("locates values, in block and flow style", () => {
    expect(doc.locate(["name"])).toEqual({ line: 1, column: 7 });
    expect(doc.locate(["cluster", "containerInstances", 0, "count"])).toEqual({ line: 5, column: 14 });
    expect(doc.locate(["cluster", "containerInstances", 1, "count"])).toEqual({ line: 6, column: 41 });
    expect(doc.locate(["cluster", "containerInstances", 1])).toEqual({ line: 6, column: 7 });
  });

  it("points an empty value at its key", () => {
    expect(doc.locate(["services", 0, "desiredCount"])).toEqual({ line: 9, column: 5 });
  });

  it("points a missing path at the nearest existing ancestor", () => {
    expect(doc.locate(["services", 0, "networkMode"])).toEqual({ line: 8, column: 5 });
    expect(doc.locate(["services", 5, "serviceName"])).toEqual({ line: 8, column: 3 });
    expect(doc.locate(["nope"])).toEqual({ line: 1, column: 1 });
  });

  it("locates keys", () => {
    expect(doc.locateKey(["cluster", "containerInstances", 0], "count")).toEqual({ line: 5, column: 7 });
    expect(doc.locateKey(["cluster", "containerInstances", 1], "count")).toEqual({ line: 6, column: 34 });
    expect(doc.locateKey(["services", 0], "missing")).toEqual({ line: 8, column: 5 });
  });

  it("follows merge keys and aliases", () => {
    const merged = parseSource("m.yaml", "base: &b\n  cpu: 256\n  memory: 512\nsvc:\n  <<: *b\n  memory: 1024\n");
    expect(merged.value).toEqual({ base: { cpu: 256, memory: 512 }, svc: { cpu: 256, memory: 1024 } });
    expect(merged.locate(["svc", "memory"])).toEqual({ line: 6, column: 11 });
    expect(merged.locate(["svc", "cpu"])).toEqual({ line: 2, column: 8 });
  });
});

describe("parseSource errors", () => {
  it("reports every YAML syntax error with yaml's line and column", () => {
    const text = "name: demo\nservices: [a, b\nseed: 1\ncluster: x: y\n";
    expect(errorLines(() => parseSource("bad.yaml", text))).toEqual([
      "bad.yaml:3:1 Flow sequence in block collection must be sufficiently indented and end with a ]",
      "bad.yaml:4:10 Nested mappings are not allowed in compact mappings",
    ]);
  });

  it("reports an unterminated string", () => {
    expect(errorLines(() => parseSource("q.yaml", 'name: "demo\nseed: 1\n'))).toEqual(['q.yaml:3:1 Missing closing "quote']);
  });

  it("rejects an empty file", () => {
    expect(errorLines(() => parseSource("e.yaml", ""))).toEqual(["e.yaml:1:1 the file is empty: expected a scenario mapping"]);
  });

  it("rejects a file holding only comments or a bare document marker", () => {
    expect(errorLines(() => parseSource("c.yaml", "# scenario to come\n\n   # later\n"))).toEqual([
      "c.yaml:1:1 the file is empty: expected a scenario mapping",
    ]);
    expect(errorLines(() => parseSource("d.yaml", "---\n# nothing\n"))).toEqual(["d.yaml:1:1 the file is empty: expected a scenario mapping"]);
  });

  it("rejects a top-level value that is not a mapping", () => {
    expect(errorLines(() => parseSource("l.yaml", "# services\n- web\n- api\n"))).toEqual([
      "l.yaml:2:1 expected a mapping at the top level, got a list",
    ]);
    expect(errorLines(() => parseSource("s.yaml", "just words\n"))).toEqual(["s.yaml:1:1 expected a mapping at the top level, got a string"]);
    expect(errorLines(() => parseSource("n.yaml", "~\n"))).toEqual(["n.yaml:1:1 expected a mapping at the top level, got null"]);
  });

  it("keeps duplicate keys an error, naming the key, and reports them all", () => {
    const text = "name: a\nseed: 1\nname: b\ncluster:\n  x: 1\n  x: 2\n";
    expect(errorLines(() => parseSource("dup.yaml", text))).toEqual([
      'dup.yaml:3:1 duplicate key "name": each key may appear only once in a mapping',
      'dup.yaml:6:3 duplicate key "x": each key may appear only once in a mapping',
    ]);
  });

  it("stops alias bombs", () => {
    const rows = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (const [name, prev] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"]] as const) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    expect(errorLines(() => parseSource("bomb.yaml", rows.join("\n")))).toEqual([
      "bomb.yaml:1:1 too many alias expansions (the limit is 100); use fewer nested anchors and aliases",
    ]);
  });

  it("reports an alias to an undefined anchor at the alias", () => {
    expect(errorLines(() => parseSource("a.yaml", "name: x\nbase: *common\n"))).toEqual([
      "a.yaml:2:7 unknown alias *common: the anchor &common must be defined before it is used",
    ]);
  });

  it("rejects more than one document", () => {
    expect(errorLines(() => parseSource("two.yaml", "name: a\n---\nname: b\n"))).toEqual([
      "two.yaml:2:1 the file holds more than one YAML document (a second `---`); expected a single scenario",
    ]);
  });

  it("rejects text holding NUL characters", () => {
    expect(errorLines(() => parseSource("t.yaml", "name: a\u0000b\n"))).toEqual([
      "t.yaml:1:1 not a text file (it contains binary data); expected a YAML or JSON scenario file",
    ]);
  });
});

describe("readSource", () => {
  it("reads a YAML file and shows the display name", () => {
    const file = writeTemp("ok.yaml", "name: demo\nseed: 7\n");
    const doc = readSource(file, { displayName: "scenarios/ok.yaml" });
    expect(doc.file).toBe("scenarios/ok.yaml");
    expect(doc.value).toEqual({ name: "demo", seed: 7 });
    expect(doc.locate(["seed"])).toEqual({ line: 2, column: 7 });
  });

  it("uses the path as given when there is no display name", () => {
    const file = writeTemp("plain.yaml", "name: demo\n");
    expect(readSource(file).file).toBe(file);
  });

  it("reads JSON (tabs and all) with positions", () => {
    const json = '{\n\t"family": "web",\n\t"containerDefinitions": [\n\t\t{ "name": "app", "cpu": 256 }\n\t]\n}\n';
    const doc = readSource(writeTemp("td.json", json), { displayName: "td.json" });
    expect(doc.value).toEqual({ family: "web", containerDefinitions: [{ name: "app", cpu: 256 }] });
    expect(doc.locate(["containerDefinitions", 0, "cpu"])).toEqual({ line: 4, column: 27 });
  });

  it("drops a UTF-8 byte order mark, and gives the text it parsed", () => {
    const doc = readSource(writeTemp("bom.yaml", "\uFEFFname: demo\n"));
    expect(doc.value).toEqual({ name: "demo" });
    expect(doc.text).toBe("name: demo\n");
  });

  it("says a missing file is not found", () => {
    expect(errorLines(() => readSource(join(dir, "absent.yaml"), { displayName: "scenarios/absent.yaml" }))).toEqual([
      "scenarios/absent.yaml:1:1 file not found",
    ]);
  });

  it("refuses a directory", () => {
    expect(errorLines(() => readSource(dir, { displayName: "scenarios" }))).toEqual(["scenarios:1:1 this is a directory, not a file"]);
  });

  it("refuses a binary file with NUL bytes", () => {
    const file = writeTemp("image.yaml", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]));
    expect(errorLines(() => readSource(file, { displayName: "image.yaml" }))).toEqual([
      "image.yaml:1:1 not a text file (it contains binary data); expected a YAML or JSON scenario file",
    ]);
  });

  it("refuses a file that is not valid UTF-8", () => {
    const file = writeTemp("latin1.yaml", new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(errorLines(() => readSource(file, { displayName: "latin1.yaml" }))).toEqual([
      "latin1.yaml:1:1 not a text file (it contains binary data); expected a YAML or JSON scenario file",
    ]);
  });

  it("refuses a file over 5 MiB without parsing it", () => {
    const file = writeTemp("big.yaml", "#" + "x".repeat(5.5 * 1024 * 1024 - 1));
    expect(errorLines(() => readSource(file, { displayName: "big.yaml" }))).toEqual([
      "big.yaml:1:1 file is too large (5.5 MiB); the limit is 5 MiB",
    ]);
  });

  it("accepts a file of exactly 5 MiB and refuses one byte more", () => {
    const head = "name: demo\n#";
    const exact = head + "x".repeat(5 * 1024 * 1024 - head.length);
    expect(readSource(writeTemp("exact.yaml", exact)).value).toEqual({ name: "demo" });
    expect(errorLines(() => readSource(writeTemp("over.yaml", exact + "x"), { displayName: "over.yaml" }))).toEqual([
      "over.yaml:1:1 file is too large (5.1 MiB); the limit is 5 MiB",
    ]);
  });
});
