// Walks a zod 4 schema alongside the user's data to find the schema that
// governs a given path. Error messages need it to learn what the schema
// allows at the spot of an issue (the keys an object accepts, whether a
// number must be an integer) that zod's issue objects do not carry.
// Wrappers are peeled, and at unions the member that best fits the data is
// followed, the same choice the messages make when they explain a union.

import type { z } from "zod";

type Schema = z.core.$ZodType;
type Path = readonly PropertyKey[];

/**
 * Lets the caller impose which member of a union a path goes through (e.g.
 * the branch whose errors it reports); returning undefined falls back to
 * pickUnionMember.
 */
export type UnionChooser = (path: Path, options: readonly Schema[], data: unknown) => number | undefined;

/** Depth guard: lazy and wrapper chains are short unless a schema is cyclic. */
const MAX_PEEL = 64;

/** The definition of a schema, typed as the union of zod's built-in kinds. */
function defOf(schema: Schema): z.core.$ZodTypes["_zod"]["def"] {
  return (schema as z.core.$ZodTypes)._zod.def;
}

/**
 * Strips wrappers that do not change the shape of accepted data: optional,
 * nullable, default, prefault, catch, readonly, nonoptional, success, lazy,
 * and pipes (following the input side, or the output side after a
 * preprocess step, since that is what the user's data is checked against).
 */
export function peel(schema: Schema): Schema {
  let current = schema;
  for (let i = 0; i < MAX_PEEL; i++) {
    const def = defOf(current);
    switch (def.type) {
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "catch":
      case "readonly":
      case "nonoptional":
      case "success":
        current = def.innerType;
        continue;
      case "lazy":
        current = def.getter();
        continue;
      case "pipe":
        current = defOf(def.in).type === "transform" ? def.out : def.in;
        continue;
      default:
        return current;
    }
  }
  return current;
}

/**
 * Peels wrappers and resolves unions to one member for `data`, giving the
 * concrete schema (object, array, number, ...) that applies at `path`.
 */
export function concrete(schema: Schema, data: unknown, path: Path = [], choose?: UnionChooser): Schema {
  let current = peel(schema);
  for (let i = 0; i < MAX_PEEL; i++) {
    const def = defOf(current);
    if (def.type !== "union" || def.options.length === 0) return current;
    const index = choose?.(path, def.options, data) ?? pickUnionMember(def.options, data);
    current = peel(def.options[index] ?? def.options[0]!);
  }
  return current;
}

/**
 * The schema for the value at `path` inside data checked by `root`, with
 * wrappers peeled but unions kept (callers may want their options), or
 * undefined when the schema says nothing about that path.
 */
export function schemaAt(root: Schema, data: unknown, path: Path, choose?: UnionChooser): Schema | undefined {
  let current: Schema | undefined = peel(root);
  let value = data;
  for (let i = 0; i < path.length && current !== undefined; i++) {
    const segment = path[i]!;
    current = childSchema(concrete(current, value, path.slice(0, i), choose), segment, value, path.slice(0, i), choose);
    value = childValue(value, segment);
    if (current !== undefined) current = peel(current);
  }
  return current;
}

/**
 * The keys an object schema at `path` accepts (both sides of an
 * intersection; the enum keys of an exhaustive record), or undefined when
 * the schema there is not a fixed-key object.
 */
export function allowedKeys(root: Schema, data: unknown, path: Path, choose?: UnionChooser): string[] | undefined {
  const at = schemaAt(root, data, path, choose);
  return at === undefined ? undefined : keysOf(at, childValueAt(data, path), path, choose);
}

function keysOf(schema: Schema, data: unknown, path: Path, choose?: UnionChooser): string[] | undefined {
  const def = defOf(concrete(schema, data, path, choose));
  switch (def.type) {
    case "object":
      return Object.keys(def.shape);
    case "intersection": {
      const left = keysOf(def.left, data, path, choose) ?? [];
      const right = keysOf(def.right, data, path, choose) ?? [];
      return left.length + right.length === 0 ? undefined : [...new Set([...left, ...right])];
    }
    case "record": {
      const values = peel(def.keyType)._zod.values;
      return values ? [...values].filter((v): v is string => typeof v === "string") : undefined;
    }
    default:
      return undefined;
  }
}

/** Schema for one step down (`segment`) from a concrete schema. */
function childSchema(schema: Schema, segment: PropertyKey, data: unknown, path: Path, choose?: UnionChooser): Schema | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      const own = typeof segment === "string" ? def.shape[segment] : undefined;
      return own ?? def.catchall;
    }
    case "record":
      return def.valueType;
    case "array":
      return typeof segment === "number" ? def.element : undefined;
    case "tuple":
      return typeof segment === "number" ? (def.items[segment] ?? def.rest ?? undefined) : undefined;
    case "intersection": {
      const left = childSchema(concrete(def.left, data, path, choose), segment, data, path, choose);
      return left ?? childSchema(concrete(def.right, data, path, choose), segment, data, path, choose);
    }
    default:
      return undefined;
  }
}

function childValue(value: unknown, segment: PropertyKey): unknown {
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) return typeof segment === "number" ? value[segment] : undefined;
  return Object.prototype.hasOwnProperty.call(value, segment) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
}

/** The data at `path`, or undefined when any step is missing. */
export function childValueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const segment of path) value = childValue(value, segment);
  return value;
}

/**
 * Index of the union member that best fits `data`: for a mapping, the
 * member whose literal fields (discriminators) agree with it, then the one
 * sharing the most keys; for a list, a list member; for a scalar, a member
 * of the same kind. Ties go to the earliest member, as zod tries them.
 */
export function pickUnionMember(options: readonly Schema[], data: unknown): number {
  let best = 0;
  let bestScore = -Infinity;
  options.forEach((option, index) => {
    const score = fitScore(peel(option), data);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

function fitScore(schema: Schema, data: unknown): number {
  const def = defOf(schema);
  if (def.type === "union") {
    return Math.max(...def.options.map((o) => fitScore(peel(o), data)), -1_000_000);
  }
  if (data !== null && typeof data === "object" && !Array.isArray(data)) {
    return objectFitScore(schema, data as Record<string, unknown>);
  }
  if (Array.isArray(data)) return def.type === "array" || def.type === "tuple" ? 1 : -1_000_000;
  return scalarFitScore(schema, data);
}

function objectFitScore(schema: Schema, data: Record<string, unknown>): number {
  const def = defOf(schema);
  if (def.type === "intersection") {
    return objectFitScore(peel(def.left), data) + objectFitScore(peel(def.right), data);
  }
  if (def.type === "record") return 0;
  if (def.type !== "object") return -1_000_000;
  let score = 0;
  // Literal-valued fields act as discriminators: agreeing with one is
  // strong evidence, contradicting one rules the member out.
  const literals = schema._zod.propValues ?? {};
  for (const [key, allowed] of Object.entries(literals)) {
    if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
    score += allowed.has(data[key] as never) ? 1000 : -1000;
  }
  for (const key of Object.keys(data)) score += key in def.shape ? 10 : -1;
  return score;
}

function scalarFitScore(schema: Schema, data: unknown): number {
  const values = schema._zod.values;
  if (values) return values.has(data as never) ? 100 : 1;
  const def = defOf(schema);
  const kind = data === null ? "null" : typeof data;
  if (def.type === kind) return 10;
  if (def.type === "number" && kind === "bigint") return 10;
  return -1_000_000;
}
