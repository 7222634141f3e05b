/**
 * Loads a scenario file: YAML with positions, the schema, task definitions from JSON files, and
 * the checks that need the whole scenario (names that refer to other parts, tasks that fit no
 * instance, gate subjects). Every problem is reported at once, each at its file, line and column.
 */
import { dirname, join } from "node:path";
import { BUILTIN_INSTANCE_TYPES, buildCatalogue, type InstanceType } from "../model/catalogue.ts";
import { taskRequirements, type TaskDefinitionInput } from "../model/task-definition.ts";
import { MAX_CONSTRAINTS } from "../placement/policy.ts";
import { numericPaths } from "../recorder/gates.ts";
import { buildSummary, summaryHeader, emptyTallies } from "../recorder/summary.ts";
import { scenarioSchema, type Scenario } from "./schema/scenario.ts";
import { describeTaskDefinitionOutputSchema, taskDefinitionSchema } from "./schema/task-definition.ts";
import { readSource, ScenarioError, type SourceDocument, type SourceIssue } from "./source.ts";
import { didYouMean } from "./suggest.ts";
import { checkAutoScaling, checkCapacity, checkFargateLaunches } from "./check-capacity.ts";
import { readSeriesFile } from "./load-series.ts";
import type { LoadProfileInput } from "./schema/auto-scaling.ts";
import { knownCapacity, knownServices, knownTaskGroups } from "./task-groups.ts";
import { formatPath, validate } from "./validate.ts";

/** A load profile with its series file read. */
export type LoadedProfile = Exclude<LoadProfileInput, { type: "seriesFile" }>;
type LoadedWorkload = Omit<Scenario["workloads"][string], "load"> & {
  readonly load?: { readonly cpu?: LoadedProfile | undefined; readonly requestsPerSecond?: LoadedProfile | undefined; readonly cpuPerRequest?: number | undefined } | undefined;
};

/** A scenario ready to build: task definitions and load series files read, cross-references checked. */
export interface LoadedScenario extends Omit<Scenario, "taskDefinitions" | "workloads"> {
  readonly file: string;
  readonly taskDefinitions: readonly TaskDefinitionInput[];
  readonly workloads: Readonly<Record<string, LoadedWorkload>>;
}

type Path = readonly (string | number)[];

/** Reads, validates and checks a scenario file; throws ScenarioError with every problem found. */
export function loadScenario(file: string): LoadedScenario {
  return checkScenario(readSource(file));
}

/** The same for a document already read (tests, in-memory text). */
export function checkScenario(doc: SourceDocument): LoadedScenario {
  const scenario = validate(scenarioSchema, doc);
  const issues: SourceIssue[] = [];
  const taskDefinitions = scenario.taskDefinitions.flatMap((entry) => {
    if (typeof entry !== "string") return [entry];
    try {
      return [readTaskDefinitionFile(join(dirname(doc.file), entry))];
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues);
      return [];
    }
  });
  const workloads = Object.fromEntries(
    Object.entries(scenario.workloads).map(([key, w]) => {
      if (w.load === undefined) return [key, { ...w, load: undefined }];
      const read = (profile: LoadProfileInput | undefined): LoadedProfile | undefined => {
        if (profile?.type !== "seriesFile") return profile;
        const { points, issues: problems } = readSeriesFile(join(dirname(doc.file), profile.file));
        issues.push(...problems);
        return { type: "series", points };
      };
      return [key, { ...w, load: { ...w.load, cpu: read(w.load.cpu), requestsPerSecond: read(w.load.requestsPerSecond) } }];
    }),
  );
  const loaded: LoadedScenario = { ...scenario, file: doc.file, taskDefinitions, workloads };
  const at = (path: Path, message: string) => issues.push({ file: doc.file, ...doc.locate(path), path: formatPath(path), message });
  if (issues.length === 0) crossCheck(loaded, at);
  if (issues.length > 0) throw new ScenarioError(issues);
  return loaded;
}

/** A JSON (or YAML) task definition: the register shape, or describe-task-definition's output. */
function readTaskDefinitionFile(file: string): TaskDefinitionInput {
  const doc = readSource(file);
  const value = doc.value;
  const isDescribeOutput = typeof value === "object" && value !== null && "taskDefinition" in value;
  return isDescribeOutput ? validate(describeTaskDefinitionOutputSchema, doc).taskDefinition : validate(taskDefinitionSchema, doc);
}

function crossCheck(s: LoadedScenario, at: (path: Path, message: string) => void): void {
  const zones = s.cluster.availabilityZones;
  const families = new Map<string, number>();
  for (const td of s.taskDefinitions) families.set(td.family, (families.get(td.family) ?? 0) + 1);
  const familyNames = [...families.keys()];

  const incomplete = s.cluster.instanceTypes.filter((o, i) => {
    const isNew = !BUILTIN_INSTANCE_TYPES.has(o.name) && (o.cpu === undefined || o.memory === undefined);
    if (isNew) at(["cluster", "instanceTypes", i], `"${o.name}" is not a built-in instance type: give both cpu and memory`);
    return isNew;
  });
  if (incomplete.length > 0) return;
  const catalogue = buildCatalogue(s.cluster.instanceTypes);

  const checkZone = (zone: string, path: Path): void => {
    if (!zones.includes(zone)) at(path, `"${zone}" is not one of the cluster's zones (${zones.join(", ")})${didYouMean(zone, zones)}`);
  };
  const usedTypes: InstanceType[] = [];
  const checkGroup = (group: Scenario["cluster"]["containerInstances"][number], path: Path) => {
    const type = catalogue.get(group.instanceType);
    if (type === undefined) {
      at([...path, "instanceType"], `unknown instance type "${group.instanceType}"${didYouMean(group.instanceType, [...catalogue.keys()])}`);
    } else {
      usedTypes.push(type);
      if (group.reservedMemory >= type.registeredMemory) {
        at([...path, "reservedMemory"], `must be less than the ${type.registeredMemory} MiB ${type.name} registers`);
      }
    }
    group.availabilityZones?.forEach((zone, i) => checkZone(zone, [...path, "availabilityZones", i]));
  };
  s.cluster.containerInstances.forEach((g, i) => checkGroup(g, ["cluster", "containerInstances", i]));
  usedTypes.push(...checkCapacity(s, catalogue, checkZone, at));
  checkAutoScaling(s, at);
  const groupNames = [...s.cluster.containerInstances.map((g) => g.name ?? g.instanceType), ...s.autoScalingGroups.map((g) => g.autoScalingGroupName)];

  const checkTaskDefinitionRef = (ref: string, path: Path): void => {
    const [family = "", revision] = ref.split(":");
    const count = families.get(family);
    if (count === undefined) {
      at(path, `unknown task definition family "${family}"${didYouMean(family, familyNames)}`);
    } else if (revision !== undefined && !(/^\d+$/.test(revision) && Number(revision) >= 1 && Number(revision) <= count)) {
      at(path, `"${family}" has revisions 1 to ${count}, got "${revision}"`);
    }
  };

  // At most 10 constraints per task, the task definition's and the call's together (API PlacementConstraint).
  /** The task definition a reference (family, or family:revision) names, if there is one. */
  const taskDefinitionOf = (ref: string) => {
    const [family = "", revision] = ref.split(":");
    const revisions = s.taskDefinitions.filter((td) => td.family === family);
    return revision === undefined ? revisions.at(-1) : revisions[Number(revision) - 1];
  };
  const checkConstraintCount = (run: { taskDefinition: string; placementConstraints?: readonly unknown[] | undefined }, path: Path): void => {
    const td = taskDefinitionOf(run.taskDefinition);
    const total = (td?.placementConstraints?.length ?? 0) + (run.placementConstraints?.length ?? 0);
    if (total > MAX_CONSTRAINTS) at(path, `a task can have at most ${MAX_CONSTRAINTS} placement constraints, its task definition's included; got ${total}`);
  };

  const serviceNames = knownServices(s);
  // CreateService refuses a load balancer whose container or port the task definition lacks.
  const checkLoadBalancers = (create: Scenario["services"][number], path: Path) => {
    const td = taskDefinitionOf(create.taskDefinition);
    if (td === undefined) return;
    create.loadBalancers?.forEach((lb, i) => {
      const container = td.containerDefinitions.find((c) => c.name === lb.containerName);
      const names = td.containerDefinitions.map((c) => c.name);
      if (container === undefined) at([...path, "loadBalancers", i, "containerName"], `the task definition has no container named "${lb.containerName}"${didYouMean(lb.containerName, names)}`);
      else if (!(container.portMappings ?? []).some((m) => m.containerPort === lb.containerPort)) {
        at([...path, "loadBalancers", i, "containerPort"], `the container ${lb.containerName} does not have a container port ${lb.containerPort} defined`);
      }
    });
  };
  const checkService = (create: Scenario["services"][number], path: Path, seen: Set<string>) => {
    checkTaskDefinitionRef(create.taskDefinition, [...path, "taskDefinition"]);
    checkLoadBalancers(create, path);
    if (seen.has(create.serviceName)) at([...path, "serviceName"], `a service named "${create.serviceName}" already exists`);
    seen.add(create.serviceName);
  };
  const created = new Set<string>();
  s.services.forEach((service, i) => checkService(service, ["services", i], created));
  const checkServiceRef = (name: string, path: Path) => {
    if (!serviceNames.includes(name)) at(path, `no service is named "${name}"${didYouMean(name, serviceNames)}`);
  };

  s.timeline.forEach((entry, i) => {
    const path = ["timeline", i];
    if (entry.createService !== undefined) checkService(entry.createService, [...path, "createService"], created);
    if (entry.updateService !== undefined) {
      checkServiceRef(entry.updateService.service, [...path, "updateService", "service"]);
      if (entry.updateService.taskDefinition !== undefined) checkTaskDefinitionRef(entry.updateService.taskDefinition, [...path, "updateService", "taskDefinition"]);
    }
    if (entry.deleteService !== undefined) checkServiceRef(entry.deleteService.service, [...path, "deleteService", "service"]);
    if (entry.fargateSpotInterruption?.service !== undefined) checkServiceRef(entry.fargateSpotInterruption.service, [...path, "fargateSpotInterruption", "service"]);
    if (entry.runTask !== undefined) {
      checkTaskDefinitionRef(entry.runTask.taskDefinition, [...path, "runTask", "taskDefinition"]);
      checkConstraintCount(entry.runTask, [...path, "runTask", "placementConstraints"]);
    }
    if (entry.registerContainerInstance !== undefined) {
      checkGroup(entry.registerContainerInstance, [...path, "registerContainerInstance"]);
      groupNames.push(entry.registerContainerInstance.name ?? entry.registerContainerInstance.instanceType);
    }
    for (const action of ["deregisterContainerInstance", "updateContainerInstancesState", "terminateInstances", "stopInstances", "disconnectAgents", "spotInterruption"] as const) {
      const selector = entry[action];
      if (selector?.name !== undefined && !groupNames.includes(selector.name)) {
        at([...path, action, "name"], `no containerInstances group is named "${selector.name}"${didYouMean(selector.name, groupNames)}`);
      }
      if (selector?.availabilityZone !== undefined) {
        checkZone(selector.availabilityZone, [...path, action, "availabilityZone"]);
      }
    }
    if (entry.availabilityZoneOutage !== undefined) checkZone(entry.availabilityZoneOutage.availabilityZone, [...path, "availabilityZoneOutage", "availabilityZone"]);
  });

  const spotGroups = [
    ...[...s.cluster.containerInstances, ...s.timeline.flatMap((e) => (e.registerContainerInstance === undefined ? [] : [e.registerContainerInstance]))].filter((g) => g.spot).map((g) => g.name ?? g.instanceType),
    ...s.autoScalingGroups.filter((g) => g.spot).map((g) => g.autoScalingGroupName),
  ];
  const checkSpot = (name: string | undefined, path: Path) => {
    if (name !== undefined && groupNames.includes(name) && !spotGroups.includes(name)) at(path, `the group "${name}" is not Spot: give it spot: true`);
  };
  s.timeline.forEach((entry, i) => checkSpot(entry.spotInterruption?.name, ["timeline", i, "spotInterruption", "name"]));
  s.faults.spotInterruptions.forEach((p, i) => checkSpot(p.name, ["faults", "spotInterruptions", i, "name"]));
  const processes = [
    ...s.faults.instanceFailures.map((p, i) => ({ p, path: ["faults", "instanceFailures", i] })),
    ...s.faults.spotInterruptions.map((p, i) => ({ p, path: ["faults", "spotInterruptions", i] })),
  ];
  processes.forEach(({ p: process, path }) => {
    if (process.name !== undefined && !groupNames.includes(process.name)) {
      at([...path, "name"], `no containerInstances group is named "${process.name}"${didYouMean(process.name, groupNames)}`);
    }
    const typeNames = usedTypes.map((t) => t.name);
    if (process.instanceType !== undefined && !typeNames.includes(process.instanceType)) {
      at([...path, "instanceType"], `no instance in the scenario is a "${process.instanceType}"${didYouMean(process.instanceType, typeNames)}`);
    }
  });

  // Workloads are keyed by family, or by family:revision for one revision (a broken image, say).
  for (const key of Object.keys(s.workloads)) {
    const [family = "", revision] = key.split(":");
    const count = families.get(family);
    if (count === undefined) at(["workloads", key], `no task definition has the family "${family}"${didYouMean(family, familyNames)}`);
    else if (revision !== undefined && !(/^\d+$/.test(revision) && Number(revision) >= 1 && Number(revision) <= count)) {
      at(["workloads", key], `"${family}" has revisions 1 to ${count}, got "${revision}"`);
    }
  }

  checkFargateLaunches(s, taskDefinitionOf, at);
  s.taskDefinitions.forEach((td, i) => checkFits(td, usedTypes, (field, message) => at(["taskDefinitions", i, ...field], message)));

  const subjects = numericPaths(
    buildSummary(summaryHeader(s, s.seed, s.duration), emptyTallies(knownTaskGroups(s), knownServices(s), knownCapacity(s)), []),
  );
  s.expect.forEach((gate, i) => {
    if (!subjects.includes(gate.subject)) at(["expect", i], `unknown subject "${gate.subject}"${didYouMean(gate.subject, subjects)}`);
  });
}

/** A task that needs more than the largest instance in the scenario registers can never run. */
function checkFits(td: TaskDefinitionInput, types: readonly InstanceType[], at: (field: Path, message: string) => void): void {
  // A definition only for Fargate never needs an instance.
  const fargateOnly = td.requiresCompatibilities?.includes("FARGATE") === true && !td.requiresCompatibilities.includes("EC2");
  if (types.length === 0 || fargateOnly) return;
  const req = taskRequirements(td);
  const largest = (f: (t: InstanceType) => number) => types.reduce((best, t) => (f(t) > f(best) ? t : best));
  const cpu = largest((t) => t.registeredCpu);
  const memory = largest((t) => t.registeredMemory);
  const where = td.cpu !== undefined ? ["cpu"] : ["containerDefinitions"];
  if (req.cpu > cpu.registeredCpu) {
    at(where, `the task needs ${req.cpu} CPU units but the largest instance in the scenario (${cpu.name}) registers ${cpu.registeredCpu}`);
  }
  if (req.memory > memory.registeredMemory) {
    at(td.memory !== undefined ? ["memory"] : ["containerDefinitions"], `the task needs ${req.memory} MiB but the largest instance in the scenario (${memory.name}) registers ${memory.registeredMemory} MiB`);
  }
}
