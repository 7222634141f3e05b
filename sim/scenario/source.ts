// Reads one scenario source file (YAML, or JSON, which YAML 1.2 parses too)
// into plain data while keeping the syntax tree, so that later checks can
// point at the line and column where the user wrote each value. Every way a
// file can be unusable (missing, binary, too large, bad syntax, not a
// mapping) becomes one ScenarioError listing all problems found, never a
// stack trace.

import { readFileSync, statSync, type Stats } from "node:fs";
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
} from "yaml";

/** One problem found in a source file, positioned for the user (1-based). */
export interface SourceIssue {
  file: string;
  line: number;
  column: number;
  /** Field path such as `services[0].desiredCount`; "" for whole-file problems. */
  path: string;
  message: string;
}

/** A 1-based line and column in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A parsed file: its plain data plus a way back from data paths to positions. */
export interface SourceDocument {
  /** The name shown in messages (the display name, or the path as given). */
  file: string;
  /** The file's data as plain JS values (mappings are plain objects). */
  value: unknown;
  /** The text the data was parsed from (a file's decoded text, a leading BOM dropped). */
  text: string;
  /**
   * Position of the value at `path`. When the path does not exist (e.g. a
   * missing required key) this is the position of its nearest existing
   * ancestor, so the user is pointed at the mapping that lacks the key.
   */
  locate(path: readonly (string | number)[]): SourcePosition;
  /**
   * Position of the key `key` inside the mapping at `path` (used for unknown
   * keys); falls back to `locate(path)` when there is no such key.
   */
  locateKey(path: readonly (string | number)[], key: string): SourcePosition;
}

/** Largest source file accepted; scenario files are hand-written and small. */
export const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

/**
 * Alias expansions allowed while building the data. Keeps "billion laughs"
 * files from exhausting memory while leaving room for normal anchor reuse.
 */
const MAX_ALIAS_COUNT = 100;

/** Formats an issue as `file:line:column path: message` (path omitted when ""). */
export function formatIssue(i: SourceIssue): string {
  const where = `${i.file}:${i.line}:${i.column}`;
  return i.path === "" ? `${where} ${i.message}` : `${where} ${i.path}: ${i.message}`;
}

/** Orders issues by file, then line, then column, then text (for stable output). */
export function compareIssues(a: SourceIssue, b: SourceIssue): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  const fa = formatIssue(a);
  const fb = formatIssue(b);
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/**
 * Thrown for any unusable scenario input. `issues` holds every problem found,
 * sorted; `message` is them formatted one per line, ready to print as is.
 */
export class ScenarioError extends Error {
  readonly issues: readonly SourceIssue[];

  constructor(issues: readonly SourceIssue[]) {
    const sorted = [...issues].sort(compareIssues);
    super(sorted.map(formatIssue).join("\n"));
    this.name = "ScenarioError";
    this.issues = sorted;
  }
}

/**
 * Reads and parses a YAML or JSON file. `displayName` (e.g. a path relative
 * to the working directory) is what messages show instead of `file`.
 * Throws ScenarioError if the file cannot be used.
 */
export function readSource(file: string, options?: { displayName?: string }): SourceDocument {
  const name = options?.displayName ?? file;
  const read = readTextFile(file, "a YAML or JSON scenario file");
  if ("problem" in read) throw new ScenarioError([{ file: name, line: 1, column: 1, path: "", message: read.problem }]);
  return parseSource(name, read.text);
}

/**
 * A text file's content, or why it cannot be used: missing, unreadable, a directory, over
 * MAX_SOURCE_BYTES (checked before reading, so a huge file is never loaded into memory) or not
 * UTF-8 text. `expected` names the kind of file wanted, for the last of these. A leading BOM,
 * which editors on Windows like to add, is dropped.
 */
export function readTextFile(file: string, expected: string): { text: string } | { problem: string } {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (err) {
    return { problem: describeFsError(err) };
  }
  if (stat.isDirectory()) return { problem: "this is a directory, not a file" };
  if (stat.size > MAX_SOURCE_BYTES) return { problem: tooLargeMessage(stat.size) };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { problem: describeFsError(err) };
  }
  const text = bytes.includes(0) ? undefined : decodeUtf8(bytes);
  return text === undefined ? { problem: notText(expected) } : { text };
}

/**
 * Parses in-memory text as if it were the file `file` (used by readSource,
 * by tests, and for text that does not come from disk).
 * Throws ScenarioError if the text is not a usable scenario document.
 */
export function parseSource(file: string, text: string): SourceDocument {
  const fail = (message: string): never => {
    throw new ScenarioError([{ file, line: 1, column: 1, path: "", message }]);
  };
  if (Buffer.byteLength(text, "utf8") > MAX_SOURCE_BYTES) fail(tooLargeMessage(Buffer.byteLength(text, "utf8")));
  if (text.includes("\u0000")) fail(notText("a YAML or JSON scenario file"));

  const lineCounter = new LineCounter();
  // prettyErrors off: we print positions ourselves and want yaml's bare message.
  // merge on: `<<: *base` is the usual way to share settings between services,
  // and without it the user would get a puzzling `unknown key "<<"`.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const issues: SourceIssue[] = [];
  // Warnings (e.g. an unknown `!Tag`) count as errors: yaml would otherwise
  // silently keep a value that is not what the user meant.
  for (const e of [...doc.errors, ...doc.warnings]) {
    const message = e.code === "DUPLICATE_KEY"
      ? duplicateKeyMessage(doc, e.pos[0])
      : describeYamlError(e.code, e.message);
    issues.push({ file, ...at(e.pos[0]), path: "", message });
  }
  // Once the syntax is broken these checks only repeat yaml's complaints.
  if (issues.length === 0) issues.push(...structuralIssues(doc, file, at));
  if (issues.length > 0) throw new ScenarioError(issues);

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null && isEmptyRange(root))) {
    fail("the file is empty: expected a scenario mapping");
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // Aliases were checked above, so what is left is the expansion limit.
    const message = err instanceof Error && /alias/i.test(err.message)
      ? `too many alias expansions (the limit is ${MAX_ALIAS_COUNT}); use fewer nested anchors and aliases`
      : `cannot read the YAML data: ${err instanceof Error ? err.message : String(err)}`;
    fail(message);
  }
  if (!isMap(root)) {
    const position = root && root.range ? at(root.range[0]) : { line: 1, column: 1 };
    throw new ScenarioError([
      { file, ...position, path: "", message: `expected a mapping at the top level, got ${describeKind(value)}` },
    ]);
  }

  return {
    file,
    value,
    text,
    locate: (path) => at(nodeOffset(doc, path)),
    locateKey: (path, key) => {
      const node = nodeAt(doc, path);
      const pair = isMap(node) ? findPair(doc, node, key) : undefined;
      return pair && isScalar(pair.key) && pair.key.range ? at(pair.key.range[0]) : at(nodeOffset(doc, path));
    },
  };
}

const notText = (expected: string) => `not a text file (it contains binary data); expected ${expected}`;

/** Decodes UTF-8 strictly (a file with invalid bytes is binary, not text); undefined when it is not. */
function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    // TextDecoder drops a leading BOM.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function tooLargeMessage(bytes: number): string {
  // Rounded up so a file just over the limit never reads as "5.0 MiB".
  const mib = (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1);
  return `file is too large (${mib} MiB); the limit is ${MAX_SOURCE_BYTES / (1024 * 1024)} MiB`;
}

/** Turns a Node fs error into words a scenario author understands. */
function describeFsError(err: unknown): string {
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  switch (code) {
    case "ENOENT":
      return "file not found";
    case "EACCES":
    case "EPERM":
      return "cannot read file: permission denied";
    case "EISDIR":
      return "this is a directory, not a file";
    case "ENOTDIR":
      return "file not found (a parent in the path is not a directory)";
    default:
      return `cannot read file${code ? ` (${code})` : ""}`;
  }
}

/** Rewords the few yaml messages that are obscure for scenario authors. */
function describeYamlError(code: string, message: string): string {
  switch (code) {
    case "MULTIPLE_DOCS":
      return "the file holds more than one YAML document (a second `---`); expected a single scenario";
    case "TAG_RESOLVE_FAILED":
      return `${message} (custom YAML tags are not supported)`;
    default:
      return message;
  }
}

/** Names the repeated key, which yaml's own message leaves out. */
function duplicateKeyMessage(doc: Document.Parsed, offset: number): string {
  let name: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range && pair.key.range[0] === offset) {
        name = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const what = name === undefined ? "duplicate key" : `duplicate key "${name}"`;
  return `${what}: each key may appear only once in a mapping`;
}

/**
 * Problems yaml accepts but that would silently give wrong data: aliases to
 * anchors that do not exist, and keys that are lists or mappings (which
 * would be turned into strings).
 */
function structuralIssues(
  doc: Document.Parsed,
  file: string,
  at: (offset: number) => SourcePosition,
): SourceIssue[] {
  const issues: SourceIssue[] = [];
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined && node.range) {
        issues.push({ file, ...at(node.range[0]), path: "", message: `unknown alias *${node.source}: the anchor &${node.source} must be defined before it is used` });
      }
    },
    Pair(_, pair) {
      const key = pair.key;
      if (key !== null && typeof key === "object" && !isScalar(key) && !isAlias(key)) {
        const range = (key as YamlNode).range;
        issues.push({ file, ...at(range ? range[0] : 0), path: "", message: "a mapping key must be a plain value, not a list or mapping" });
      }
    },
  });
  return issues;
}

function isEmptyRange(node: YamlNode): boolean {
  return node.range === undefined || node.range === null || node.range[0] === node.range[1];
}

/** Follows an alias to the node it names, so paths can go through `*refs`. */
function resolved(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? (node.resolve(doc) ?? node) : node;
}

/** The pair for `key` in `map`, looking into `<<` merge sources when not set directly. */
function findPair(doc: Document.Parsed, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && typeof pair.key.value !== "symbol" && String(pair.key.value) === key) return pair;
  }
  if (depth > 10) return undefined; // merge chains are shallow; guards cycles
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const source = resolved(doc, pair.value);
    const sources = isSeq(source) ? source.items.map((s) => resolved(doc, s)) : [source];
    for (const s of sources) {
      const found = isMap(s) ? findPair(doc, s, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === "symbol" || key.value === "<<");
}

/** The deepest node along `path` and the pair holding it (for empty values). */
function walk(doc: Document.Parsed, path: readonly (string | number)[]): { node: unknown; pair: Pair | undefined } {
  let node: unknown = resolved(doc, doc.contents);
  let pair: Pair | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const next = findPair(doc, node, String(segment));
      if (!next) break;
      pair = next;
      node = resolved(doc, next.value);
    } else if (isSeq(node) && typeof segment === "number" && segment >= 0 && segment < node.items.length) {
      pair = undefined;
      node = resolved(doc, node.items[segment]);
    } else {
      break;
    }
    if (node === null || node === undefined) break;
  }
  return { node, pair };
}

function nodeAt(doc: Document.Parsed, path: readonly (string | number)[]): unknown {
  return walk(doc, path).node;
}

/**
 * Offset of the value at `path`. An empty value (`key:` with nothing after
 * it) has no text of its own, so the key is the better place to point at.
 */
function nodeOffset(doc: Document.Parsed, path: readonly (string | number)[]): number {
  const { node, pair } = walk(doc, path);
  const keyOffset = pair && isScalar(pair.key) && pair.key.range ? pair.key.range[0] : undefined;
  if (node && typeof node === "object" && "range" in node) {
    const range = (node as YamlNode).range;
    if (range && !(range[0] === range[1] && keyOffset !== undefined)) return range[0];
  }
  return keyOffset ?? 0;
}

/** Short kind of a top-level value, for the "not a mapping" message. */
function describeKind(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}
