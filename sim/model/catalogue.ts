/**
 * The EC2 instance-type catalogue: what each type registers with ECS (CPU units, memory MiB, GPUs),
 * how many awsvpc tasks it holds, and what it costs. Built from `data/ec2-instance-types.csv`
 * (sources in `data/README.md`), extended or overridden by a scenario's `instanceTypes`.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

export const ARCHITECTURES = ["x86_64", "arm64"] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** One instance type as the simulator uses it. */
export interface InstanceType {
  readonly name: string;
  readonly family: string;
  readonly vcpu: number;
  /** Nominal memory (DescribeInstanceTypes SizeInMiB); ECS registers less, see `registeredMemory`. */
  readonly memoryMiB: number;
  readonly architecture: Architecture;
  readonly gpus: number;
  readonly maxEnis: number;
  /** ENIs the instance can attach for awsvpc tasks: `maxEnis - 1`, the primary ENI takes one. */
  readonly awsvpcTasksWithoutTrunking: number;
  /** The ECS ENI-trunking table's task limit; null where trunking is not supported. */
  readonly awsvpcTasksWithTrunking: number | null;
  /** Linux on-demand USD per hour (us-east-1); null when unknown. */
  readonly pricePerHour: number | null;
  /** CPU units the agent registers: vCPU x 1024 (ecs-behaviour 3.1). */
  readonly registeredCpu: number;
  /** Memory MiB the agent registers before ECS_RESERVED_MEMORY (ecs-behaviour 3.2, data/README.md). */
  readonly registeredMemory: number;
}

/**
 * Registered memory = MemTotal - what the kernel and firmware keep, which varies by AMI. The overhead
 * model `a + b x nominal` comes from data/README.md: profile `ecs-docs` (a 32, b 0.0175) fits the
 * documented Xen-era examples, profile `nitro-al2023` (a 140, b 0.032) the current generation.
 * The three documented values are reproduced exactly (WE7, WE10).
 */
const DOCUMENTED_REGISTERED_MEMORY: Readonly<Record<string, number>> = {
  "m4.large": 7985,
  "c4.large": 3768,
  "c4.4xlarge": 30158,
};
const XEN_FAMILIES = new Set(["m4", "c4"]);

/** Estimated MiB the ECS agent registers for a type, with ECS_RESERVED_MEMORY = 0. */
export function estimateRegisteredMemory(name: string, family: string, memoryMiB: number): number {
  const documented = DOCUMENTED_REGISTERED_MEMORY[name];
  if (documented !== undefined) return documented;
  const [a, b] = XEN_FAMILIES.has(family) ? [32, 0.0175] : [140, 0.032];
  return memoryMiB - Math.round(a + b * memoryMiB);
}

interface CsvRow {
  instanceType: string;
  family: string;
  vcpu: string;
  memoryMiB: string;
  architecture: string;
  gpus: string;
  maxEnis: string;
  awsvpcTasksWithoutTrunking: string;
  awsvpcTasksWithTrunking: string;
  onDemandUsdPerHourUsEast1: string;
}

function fromCsvRow(row: CsvRow): InstanceType {
  const vcpu = Number(row.vcpu);
  const memoryMiB = Number(row.memoryMiB);
  return {
    name: row.instanceType,
    family: row.family,
    vcpu,
    memoryMiB,
    architecture: row.architecture as Architecture,
    gpus: Number(row.gpus),
    maxEnis: Number(row.maxEnis),
    awsvpcTasksWithoutTrunking: Number(row.awsvpcTasksWithoutTrunking),
    awsvpcTasksWithTrunking: row.awsvpcTasksWithTrunking === "" ? null : Number(row.awsvpcTasksWithTrunking),
    pricePerHour: row.onDemandUsdPerHourUsEast1 === "" ? null : Number(row.onDemandUsdPerHourUsEast1),
    registeredCpu: vcpu * 1024,
    registeredMemory: estimateRegisteredMemory(row.instanceType, row.family, memoryMiB),
  };
}

function loadBuiltins(): ReadonlyMap<string, InstanceType> {
  const text = readFileSync(new URL("./data/ec2-instance-types.csv", import.meta.url), "utf8");
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as CsvRow[];
  return new Map(rows.map((row) => [row.instanceType, fromCsvRow(row)]));
}

/** The built-in catalogue, keyed by type name, in the CSV's order. */
export const BUILTIN_INSTANCE_TYPES: ReadonlyMap<string, InstanceType> = loadBuiltins();

/**
 * A scenario's addition or override. `cpu` and `memory` are what ECS registers (as in
 * DescribeContainerInstances' registeredResources); a new type must give both.
 */
export interface InstanceTypeOverride {
  readonly name: string;
  readonly cpu?: number | undefined;
  readonly memory?: number | undefined;
  readonly gpus?: number | undefined;
  readonly enis?: number | undefined;
  readonly awsvpcTasksWithTrunking?: number | null | undefined;
  readonly architecture?: Architecture | undefined;
  readonly pricePerHour?: number | undefined;
}

/** Applies one override to a built-in type, or makes a new type from it (cpu and memory given). */
export function applyOverride(base: InstanceType | undefined, o: InstanceTypeOverride): InstanceType {
  const cpu = o.cpu ?? base?.registeredCpu;
  const memory = o.memory ?? base?.registeredMemory;
  if (cpu === undefined || memory === undefined) {
    throw new Error(`instance type "${o.name}" is not in the catalogue: give both cpu and memory`);
  }
  const maxEnis = o.enis ?? base?.maxEnis ?? 2;
  return {
    name: o.name,
    family: base?.family ?? o.name.split(".")[0] ?? o.name,
    vcpu: cpu / 1024,
    memoryMiB: base?.memoryMiB ?? memory,
    architecture: o.architecture ?? base?.architecture ?? "x86_64",
    gpus: o.gpus ?? base?.gpus ?? 0,
    maxEnis,
    awsvpcTasksWithoutTrunking: maxEnis - 1,
    awsvpcTasksWithTrunking:
      o.awsvpcTasksWithTrunking !== undefined ? o.awsvpcTasksWithTrunking : (base?.awsvpcTasksWithTrunking ?? null),
    pricePerHour: o.pricePerHour ?? base?.pricePerHour ?? null,
    registeredCpu: cpu,
    registeredMemory: memory,
  };
}

/** The catalogue a run uses: the built-ins with the scenario's overrides applied in order. */
export function buildCatalogue(overrides: readonly InstanceTypeOverride[] = []): ReadonlyMap<string, InstanceType> {
  const catalogue = new Map(BUILTIN_INSTANCE_TYPES);
  for (const o of overrides) catalogue.set(o.name, applyOverride(catalogue.get(o.name), o));
  return catalogue;
}
