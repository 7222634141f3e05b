/**
 * Parameter paths into a scenario, as a sweep names them: dotted keys and [n] indexes, e.g.
 * `cluster.containerInstances[0].count` or `services[1].placementStrategy`.
 */
export type PathPart = string | number;

/** The parts of a path, or a message saying what is wrong with it. */
export function parsePath(text: string): PathPart[] | string {
  const parts: PathPart[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]/gy;
  let expectKey = true;
  let at = 0;
  while (at < text.length) {
    if (!expectKey && text[at] === ".") at += 1;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m === null) return `cannot read the path "${text}" at character ${at + 1}: expected a key, "." or [index]`;
    parts.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
    at = pattern.lastIndex;
    expectKey = false;
  }
  return parts.length === 0 ? `the path "${text}" is empty` : parts;
}

/**
 * A copy of `root` with the value at `path` replaced (or its last key added). Every step before the
 * last must exist: a sweep varies what a scenario says, it does not invent structure.
 */
export function withValue(root: unknown, path: readonly PathPart[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === "number") {
    if (!Array.isArray(root) || head >= root.length) throw new PathError(`there is no item [${head}]`);
    return root.map((item, i) => (i === head ? withValue(item, rest, value) : item));
  }
  if (root === null || typeof root !== "object" || Array.isArray(root)) throw new PathError(`there is no key "${head}" (not a mapping)`);
  if (rest.length > 0 && !(head in root)) throw new PathError(`there is no key "${head}"`);
  return { ...(root as Record<string, unknown>), [head]: withValue((root as Record<string, unknown>)[head], rest, value) };
}

export class PathError extends Error {}
