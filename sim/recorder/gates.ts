/**
 * `expect:` gates: "subject operator number" checks against summary.json values, such as
 * `cluster.placementFailures == 0` or `tasks.started >= 10`.
 */

export const OPERATORS = ["==", "!=", ">=", "<=", ">", "<"] as const;
export type Operator = (typeof OPERATORS)[number];

export interface Gate {
  /** The gate as written. */
  readonly text: string;
  /** A dotted path into summary.json. */
  readonly subject: string;
  readonly operator: Operator;
  readonly value: number;
}

export interface GateResult {
  readonly gate: string;
  readonly actual: number | null;
  readonly passed: boolean;
}

const GATE_PATTERN = /^\s*([A-Za-z0-9_:.-]+)\s*(==|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;

/** Parses a gate, or returns what is wrong with it. */
export function parseGate(text: string): Gate | string {
  const m = GATE_PATTERN.exec(text);
  if (!m) {
    return `expected a gate such as "cluster.placementFailures == 0" (subject, one of ${OPERATORS.join(" ")}, a number), got ${JSON.stringify(text)}`;
  }
  return { text, subject: m[1] as string, operator: m[2] as Operator, value: Number(m[3]) };
}

/** Reads a dotted path in a JSON-like value; map keys may contain ':' (e.g. `groups.family:web.started`). */
export function readPath(value: unknown, subject: string): unknown {
  let node = value;
  for (const key of subject.split(".")) {
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function compare(actual: number, operator: Operator, expected: number): boolean {
  switch (operator) {
    case "==": return actual === expected;
    case "!=": return actual !== expected;
    case ">=": return actual >= expected;
    case "<=": return actual <= expected;
    case ">": return actual > expected;
    case "<": return actual < expected;
  }
}

/** Evaluates each gate against a summary; a subject that is not a number fails its gate. */
export function evaluateGates(gates: readonly Gate[], summary: unknown): GateResult[] {
  return gates.map((gate) => {
    const actual = readPath(summary, gate.subject);
    if (typeof actual !== "number") return { gate: gate.text, actual: null, passed: false };
    return { gate: gate.text, actual, passed: compare(actual, gate.operator, gate.value) };
  });
}

/** Every number of a summary-shaped value with its path, in one walk (a sweep reads thousands a run). */
export function numericEntries(value: unknown): [path: string, value: number][] {
  const entries: [string, number][] = [];
  const walk = (node: unknown, prefix: string): void => {
    if (typeof node === "number") entries.push([prefix, node]);
    else if (node !== null && typeof node === "object" && !Array.isArray(node)) {
      for (const key in node) walk((node as Record<string, unknown>)[key], prefix === "" ? key : `${prefix}.${key}`);
    }
  };
  walk(value, "");
  return entries;
}

/** Every numeric path of a summary-shaped value, for checking gate subjects and suggesting names. */
export function numericPaths(value: unknown): string[] {
  return numericEntries(value).map(([path]) => path);
}
