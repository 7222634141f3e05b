/**
 * The ECS control plane's operations, named as the API names them. Each validates as ECS does,
 * changes the model, hands work to the agents and reports what happened on the bus; calls ECS
 * would reject become ApiError events with ECS's exception and message.
 */
import { ContainerAgent, type AgentContext, type StopRequest } from "../agent/agent.ts";
import { SimError } from "../engine/errors.ts";
import type { Random } from "../engine/rng.ts";
import type { InstanceType } from "../model/catalogue.ts";
import type { Cluster } from "../model/cluster.ts";
import type { OutageKind, RunTaskFailure } from "../model/events.ts";
import { ZoneOutages } from "../capacity/zones.ts";
import type { Explanation, ZoneChoice } from "../model/explanation.ts";
import { createInstance, ZONE_ATTRIBUTE, type ContainerInstance, type Ec2State } from "../model/instance.ts";
import { createTask, transition, type Task } from "../model/task.ts";
import { taskStateChange } from "../model/events.ts";
import { Priority } from "../engine/priority.ts";
import type { CapacityProviders } from "../capacity/capacity-providers.ts";
import { effectiveStrategy, type CapacityProviderStrategyItem } from "../capacity/strategy.ts";
import { Fargate, fargateProblem, isFargate } from "../capacity/fargate.ts";
import { CAPACITY_WAIT_MS, EMPTY_CAPACITY_PROVIDER, WaitingTasks, type WaitingTask } from "../capacity/waiting-tasks.ts";
import type { TaskDefinition, TaskDefinitionInput } from "../model/task-definition.ts";
import type { PlacementEngine, PlacementRequest } from "../placement/placement.ts";
import { compileConstraint, RUN_TASK_DEFAULT_STRATEGY, type Constraint, type Strategy } from "../placement/policy.ts";
import { isStatic } from "../placement/cql/index.ts";

export interface RegisterContainerInstanceRequest {
  readonly instanceType: InstanceType;
  readonly availabilityZone: string;
  readonly groupName: string;
  /** Set for an instance an Auto Scaling group launched: its id then, and its capacity provider. */
  readonly ec2InstanceId?: string | undefined;
  readonly capacityProviderName?: string | undefined;
  readonly attributes: Readonly<Record<string, string>>;
  readonly reservedMemory: number;
  readonly amiId: string;
  readonly agentVersion: string;
}

export interface RunTaskRequest {
  readonly taskDefinition: string;
  readonly count: number;
  readonly group?: string | undefined;
  readonly startedBy?: string | undefined;
  /** Default: random (ecs-behaviour 1.3). */
  readonly placementStrategy?: readonly Strategy[] | undefined;
  readonly placementConstraints?: readonly Constraint[] | undefined;
  /** Without one (and without a launch type), the cluster's default strategy applies. */
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[] | undefined;
  readonly launchType?: "EC2" | "FARGATE" | undefined;
}

export interface PlaceTasksRequest {
  readonly definition: TaskDefinition;
  readonly count: number;
  readonly group: string;
  readonly startedBy: string | undefined;
  readonly strategies: readonly Strategy[];
  readonly constraints: readonly Constraint[];
  /** Give up at the first task that cannot be placed (the rest would fail the same way). */
  readonly stopAtFirstFailure?: boolean;
  /** Only in this zone (AZ rebalancing): on instances there, or Fargate there. */
  readonly availabilityZone?: string | undefined;
  /** The providers the tasks run on; none: any instance (a launch type). */
  readonly capacityProviderStrategy?: readonly CapacityProviderStrategyItem[] | undefined;
  /** Whether a task may wait in PROVISIONING for a provider to scale out (default true; AZ rebalancing uses only instances there are). */
  readonly waitForCapacity?: boolean;
}

/** InvalidParameterException's message when no instance is registered (OBSERVED). */
export const NO_CONTAINER_INSTANCES = "No Container Instances were found in your cluster.";

/** RunTask's ClientException when the cluster has its 500 tasks in PROVISIONING (wording not documented). */
export const PROVISIONING_LIMIT = "The limit of 500 tasks in the PROVISIONING state has been reached for this cluster.";

export interface RunTaskResult {
  readonly tasks: readonly Task[];
  readonly failures: readonly RunTaskFailure[];
  /** Some tasks were not created: the cluster already has MAX_WAITING_TASKS in PROVISIONING. */
  readonly provisioningLimit?: boolean;
  /** Some tasks were not created: Fargate's launch bucket is empty until this time (ecs-behaviour 8.4). */
  readonly throttledUntil?: number;
}

/**
 * RunTask's failure when Fargate has no capacity for a task, here when every zone it may use is
 * out: the reason EventBridge gives, the text RunTask returns (ecs-behaviour 5.6; AWS re:Post
 * knowledge-center/ecs-fargate-runtask-capacity).
 */
export const FARGATE_CAPACITY_UNAVAILABLE: RunTaskFailure = {
  reason: "RESOURCE:FARGATE",
  detail: "Capacity is unavailable at this time. Please try again later or in a different availability zone",
};

/** A constraint that keeps a task in one zone (AZ rebalancing). */
function inZone(zone: string): Constraint {
  const constraint = compileConstraint({ type: "memberOf", expression: `attribute:${ZONE_ATTRIBUTE} == ${zone}` });
  if (typeof constraint === "string") throw new SimError(constraint);
  return constraint;
}

/** StopTask's stoppedReason when the caller gives none (ecs-behaviour 4.5). */
export const DEFAULT_STOP_REASON = "Task stopped by user";

export class ControlPlane {
  readonly #agents = new Map<string, ContainerAgent>();
  readonly #compiled = new WeakMap<TaskDefinition, readonly Constraint[]>();
  readonly cluster: Cluster;
  /** Tasks in PROVISIONING until a capacity provider has room for them (ecs-behaviour 8.3). */
  readonly waiting = new WaitingTasks();
  readonly fargate: Fargate;
  /** The cluster's zones out of service: Fargate and the Auto Scaling groups launch nothing there. */
  readonly zoneOutages = new ZoneOutages();

  constructor(
    private readonly ctx: AgentContext,
    private readonly placement: PlacementEngine,
    private readonly ids: Random,
    private readonly options: { readonly awsvpcTrunking: boolean; readonly capacity: CapacityProviders },
  ) {
    this.cluster = ctx.cluster;
    this.fargate = new Fargate(ctx, ids, ctx.cluster.availabilityZones, this.zoneOutages);
  }

  get capacity(): CapacityProviders {
    return this.options.capacity;
  }

  /**
   * The strategy a RunTask or CreateService call runs under: its own, none with a launch type, else
   * the cluster's default (ecs-behaviour 8.1).
   */
  strategyFor(request: Parameters<typeof effectiveStrategy>[0]): readonly CapacityProviderStrategyItem[] | undefined {
    return effectiveStrategy(request, this.capacity.defaultStrategy);
  }


  /**
   * Whether tasks under `strategy` can be launched at all. With a launch type, an instance is
   * registered in the cluster; on capacity providers, one of them is Fargate, scales out by itself
   * or has an instance registered: another provider's instances take none of its tasks (5.6).
   */
  canLaunch(strategy: readonly CapacityProviderStrategyItem[] | undefined): boolean {
    if (strategy === undefined) return this.#hasContainerInstances(undefined);
    return strategy.some(({ capacityProvider }) => isFargate(capacityProvider) || this.capacity.waitsForCapacity(capacityProvider) || this.#hasContainerInstances(capacityProvider));
  }

  /** RegisterTaskDefinition: the next revision of the family. */
  registerTaskDefinition(input: TaskDefinitionInput): TaskDefinition {
    const definition = this.cluster.registerTaskDefinition(input);
    this.ctx.bus.emit({ type: "TaskDefinitionRegistered", t: this.ctx.engine.now, taskDefinition: definition.familyRevision });
    return definition;
  }

  /** RegisterContainerInstance: the agent of a new EC2 instance joins the cluster, ACTIVE. */
  registerContainerInstance(request: RegisterContainerInstanceRequest): ContainerInstance {
    const type = request.instanceType;
    const instance = createInstance({
      index: this.cluster.instanceCount,
      containerInstanceId: this.ids.hex(32),
      ec2InstanceId: request.ec2InstanceId ?? `i-${this.ids.hex(17)}`,
      capacityProviderName: request.capacityProviderName,
      instanceType: type,
      availabilityZone: request.availabilityZone,
      groupName: request.groupName,
      agentVersion: request.agentVersion,
      amiId: request.amiId,
      osType: "linux",
      customAttributes: request.attributes,
      registeredAt: this.ctx.engine.now,
      reservedMemory: request.reservedMemory,
      trunking: this.options.awsvpcTrunking && type.awsvpcTasksWithTrunking !== null,
    });
    this.cluster.addInstance(instance);
    this.#agents.set(instance.containerInstanceId, new ContainerAgent(this.ctx, instance));
    this.#instanceChanged(instance, "RegisterContainerInstance");
    return instance;
  }

  /**
   * DeregisterContainerInstance. With tasks still running ECS refuses unless `force`; forced, the
   * tasks are orphaned and ECS moves them to STOPPED (ecs-behaviour 7.2).
   */
  deregisterContainerInstance(containerInstanceId: string, force: boolean): void {
    const instance = this.cluster.instance(containerInstanceId);
    if (instance === undefined || instance.status === "INACTIVE") {
      this.#apiError("DeregisterContainerInstance", "InvalidParameterException", `The referenced container instance ${containerInstanceId} was not found.`);
      return;
    }
    const running = [...instance.tasks].some((t) => t.desiredStatus === "RUNNING");
    if (running && !force) {
      this.#apiError(
        "DeregisterContainerInstance",
        "InvalidParameterException",
        `Container instance ${containerInstanceId} has tasks running: stop them first or deregister with force.`,
      );
      return;
    }
    this.cluster.setInstanceStatus(instance, "INACTIVE");
    this.#agent(instance).abandonAll({ stoppedReason: `Container instance ${containerInstanceId} was deregistered.` });
    this.#instanceChanged(instance, "DeregisterContainerInstance");
  }

  /**
   * The EC2 instance under a container instance was terminated or stopped (ecs-behaviour 7.2): its
   * tasks are STOPPED with TerminationNotice and the agent's words; a terminated instance whose
   * agent was connected is deregistered (INACTIVE); a stopped one stays ACTIVE, its agent gone.
   */
  hostLost(instance: ContainerInstance, how: "terminated" | "stopped"): void {
    this.#ec2State(instance, how);
    const wasConnected = instance.agentConnected;
    this.#agent(instance).abandonAll({ stopCode: "TerminationNotice", stoppedReason: `Host EC2 (instance ${instance.ec2InstanceId}) ${how}.` });
    if (how === "terminated" && wasConnected) {
      this.cluster.setInstanceStatus(instance, "INACTIVE");
      this.#instanceChanged(instance, "Host EC2 instance terminated: deregistered");
      return;
    }
    this.setAgentConnected(instance, false, `Host EC2 instance ${how}`);
  }

  /** The stopped host runs again: its agent reconnects with the instance empty. */
  hostStarted(instance: ContainerInstance): void {
    this.#ec2State(instance, "running");
    this.setAgentConnected(instance, true, "Host EC2 instance started: agent reconnected");
  }

  /** EC2's own view of the host, told once here for every way a host stops, starts or ends (billing listens). */
  #ec2State(instance: ContainerInstance, state: Ec2State): void {
    instance.ec2State = state;
    const { ec2InstanceId, containerInstanceId } = instance;
    this.ctx.bus.emit({ type: "EC2InstanceStateChange", t: this.ctx.engine.now, ec2InstanceId, containerInstanceId, state });
  }

  /** The agent connects (again) or loses its connection; a disconnected instance takes no tasks (7.2, 7.3). */
  setAgentConnected(instance: ContainerInstance, connected: boolean, reason: string): void {
    if (instance.agentConnected === connected) return;
    this.cluster.setAgentConnected(instance, connected);
    this.#instanceChanged(instance, reason);
  }

  /**
   * UpdateContainerInstancesState: DRAINING (only from ACTIVE) takes the instances out of placement
   * and has the service scheduler replace their service tasks; ACTIVE (from DRAINING) brings them
   * back (ecs-behaviour 7.1, 7.4). Instances ECS would refuse come back as failures.
   */
  updateContainerInstancesState(containerInstanceIds: readonly string[], status: "ACTIVE" | "DRAINING"): void {
    for (const id of containerInstanceIds) {
      const instance = this.cluster.instance(id);
      const from = status === "DRAINING" ? "ACTIVE" : "DRAINING";
      if (instance === undefined || instance.status !== from) {
        this.#apiError("UpdateContainerInstancesState", "InvalidParameterException", `Container instance ${id} is not ${from}: it cannot be set to ${status}.`);
        continue;
      }
      this.cluster.setInstanceStatus(instance, status);
      this.#instanceChanged(instance, "UpdateContainerInstancesState");
    }
  }

  /** RunTask: places and starts 1 to 10 tasks; what cannot be placed comes back as failures. */
  runTask(request: RunTaskRequest): RunTaskResult {
    const t = this.ctx.engine.now;
    const definition = this.cluster.taskDefinition(request.taskDefinition);
    if (definition === undefined) {
      this.#apiError("RunTask", "ClientException", `Unable to find task definition '${request.taskDefinition}'.`);
      return { tasks: [], failures: [] };
    }
    const strategy = this.strategyFor(request);
    if (!this.canLaunch(strategy)) {
      this.#apiError("RunTask", "InvalidParameterException", NO_CONTAINER_INSTANCES);
      return { tasks: [], failures: [] };
    }
    const group = request.group ?? `family:${definition.family}`;
    const { tasks, failures, provisioningLimit, throttledUntil } = this.placeTasks({
      definition,
      count: request.count,
      group,
      startedBy: request.startedBy,
      strategies: request.placementStrategy ?? RUN_TASK_DEFAULT_STRATEGY,
      constraints: request.placementConstraints ?? [],
      capacityProviderStrategy: strategy,
    });
    if (provisioningLimit === true) this.#apiError("RunTask", "ClientException", PROVISIONING_LIMIT);
    if (throttledUntil !== undefined) this.#apiError("RunTask", "ThrottlingException", "Rate exceeded");
    this.ctx.bus.emit({
      type: "RunTask",
      t,
      taskDefinition: definition.familyRevision,
      count: request.count,
      group,
      ...(request.startedBy !== undefined && { startedBy: request.startedBy }),
      tasks: tasks.map((task) => task.taskId),
      failures,
    });
    return { tasks, failures };
  }

  /**
   * Whether an instance is registered (ACTIVE or DRAINING) in the cluster, or of `provider` when
   * given: without one, placement cannot even start.
   */
  #hasContainerInstances(provider: string | undefined): boolean {
    for (const i of this.cluster.instances()) {
      if ((i.status === "ACTIVE" || i.status === "DRAINING") && (provider === undefined || i.capacityProviderName === provider)) return true;
    }
    return false;
  }

  /**
   * Places and starts tasks one by one, each placement seeing the ones before it; what cannot be
   * placed comes back as failures. RunTask and the service scheduler both launch through here.
   */
  placeTasks(request: PlaceTasksRequest): RunTaskResult {
    const { definition, group } = request;
    // Task-definition constraints apply to every task of the definition, with the caller's own.
    const zone = request.availabilityZone;
    const constraints = [...this.#definitionConstraints(definition), ...request.constraints, ...(zone === undefined ? [] : [inZone(zone)])];
    const tasks: Task[] = [];
    const failures: RunTaskFailure[] = [];
    const strategy = request.capacityProviderStrategy;
    const split = strategy === undefined ? undefined : this.capacity.split(strategy, group);
    for (let n = 0; n < request.count; n++) {
      const provider = split?.next();
      if (isFargate(provider)) {
        const problem = fargateProblem(definition);
        if (problem !== undefined) {
          this.#apiError("RunTask", "ClientException", problem);
          return { tasks, failures };
        }
        // Explained as it stands before the launch, which adds to the counts it shows.
        const choice = this.placement.explains ? this.fargate.zoneChoice(group, zone) : undefined;
        const task = this.fargate.launch({ definition, group, startedBy: request.startedBy, provider, availabilityZone: zone });
        if (task === "throttled") return { tasks, failures, throttledUntil: this.ctx.engine.now + this.fargate.refillIn(provider) };
        if (choice !== undefined) this.#explained(definition, group, task === "unavailable" ? { failure: FARGATE_CAPACITY_UNAVAILABLE } : { taskId: task.taskId, containerInstanceId: "" }, choice);
        if (task === "unavailable") {
          failures.push(FARGATE_CAPACITY_UNAVAILABLE);
          if (request.stopAtFirstFailure === true) break;
          continue;
        }
        this.capacity.created(task);
        split?.created(provider);
        tasks.push(task);
        continue;
      }
      const where: PlacementRequest = { taskDefinition: definition, group, strategies: request.strategies, constraints, capacityProvider: provider };
      const waitsOn = provider !== undefined && request.waitForCapacity !== false && this.capacity.waitsForCapacity(provider) ? provider : undefined;
      // A task that finds no room waits for capacity: find() builds no failure to discard; place() only to explain.
      const decision = waitsOn === undefined || this.placement.explains ? this.placement.place(where) : undefined;
      const instance = decision === undefined ? this.placement.find(where) : decision.placed ? decision.instance : null;
      if (instance === null && waitsOn !== undefined) {
        if (this.waiting.full) return { tasks, failures, provisioningLimit: true };
        tasks.push(this.#wait({ definition, group, startedBy: request.startedBy, strategies: request.strategies, constraints, capacityProvider: waitsOn }));
        split?.created(waitsOn);
        continue;
      }
      const task = instance === null ? undefined : this.#start(definition, instance, group, request.startedBy, provider);
      if (decision?.explanation !== undefined) {
        const outcome = decision.placed ? { taskId: (task as Task).taskId, containerInstanceId: decision.instance.containerInstanceId } : { failure: decision.failure };
        this.#explained(definition, group, outcome, decision.explanation);
      }
      if (task !== undefined) {
        tasks.push(task);
        if (provider !== undefined) split?.created(provider);
      } else if (decision !== undefined && !decision.placed) {
        failures.push(decision.failure);
        if (request.stopAtFirstFailure === true) break;
      }
    }
    return { tasks, failures };
  }

  /** `--explain`: why a task went where it did (its TaskPlaced event came just before), or why it could not go anywhere. */
  #explained(definition: TaskDefinition, group: string, outcome: { readonly taskId: string; readonly containerInstanceId: string } | { readonly failure: RunTaskFailure }, explanation: Explanation | ZoneChoice): void {
    this.ctx.bus.emit({ type: "PlacementExplained", t: this.ctx.engine.now, taskDefinition: definition.familyRevision, group, ...outcome, explanation });
  }

  /**
   * A zone's outage began (a fault): nothing launches there until it is back; the Auto Scaling
   * groups lose the instances still booting there; a power loss stops its Fargate tasks.
   */
  zoneLost(zone: string, kind: OutageKind): void {
    this.zoneOutages.lost(zone);
    for (const group of this.capacity.groups()) group.zoneLost(zone);
    if (kind === "powerLoss") this.fargate.powerLoss(zone);
  }

  /** One of a zone's outages ended; once none lasts, the groups launch what they held back. */
  zoneRecovered(zone: string): void {
    if (this.zoneOutages.recovered(zone)) for (const group of this.capacity.groups()) group.zoneRecovered();
  }

  /** Starts one task on a given instance if it can run it there (a DAEMON service's task). */
  placeTaskOn(request: Omit<PlaceTasksRequest, "count" | "strategies" | "stopAtFirstFailure">, instance: ContainerInstance): Task | RunTaskFailure {
    const constraints = [...this.#definitionConstraints(request.definition), ...request.constraints];
    const decision = this.placement.placeOn({ taskDefinition: request.definition, group: request.group, strategies: [], constraints }, instance);
    return decision.placed ? this.#start(request.definition, instance, request.group, request.startedBy, undefined) : decision.failure;
  }

  /** Whether a DAEMON service's constraints admit an instance, resources aside: prepared once, asked per instance. */
  daemonAdmits(definition: TaskDefinition, constraints: readonly Constraint[], group: string): (instance: ContainerInstance) => boolean {
    const request = { taskDefinition: definition, group, strategies: [], constraints: [...this.#definitionConstraints(definition), ...constraints] };
    return (instance) => this.placement.admits(request, instance);
  }

  /**
   * Whether where the definition's tasks may go under `constraints` depends on the tasks already
   * there: distinctInstance, or a memberOf expression that is not static (task:group).
   */
  placementCountsTasks(definition: TaskDefinition, constraints: readonly Constraint[]): boolean {
    const reads = (c: Constraint) => c.type === "distinctInstance" || !isStatic(c.parsed);
    return constraints.some(reads) || this.#definitionConstraints(definition).some(reads);
  }

  /** StopTask: SIGTERM, then SIGKILL after stopTimeout; stopping a stopped task changes nothing. */
  stopTask(taskId: string, reason: string = DEFAULT_STOP_REASON): void {
    const task = this.cluster.task(taskId);
    if (task === undefined) {
      this.#apiError("StopTask", "InvalidParameterException", "The referenced task was not found.");
      return;
    }
    this.ctx.bus.emit({ type: "StopTask", t: this.ctx.engine.now, taskId, reason });
    this.stopTaskAs(task, { stopCode: "UserInitiated", stoppedReason: reason });
  }

  /** Stops a task with the stop code and reason of whoever stops it (the service scheduler, a fault). */
  stopTaskAs(task: Task, request: StopRequest): void {
    if (this.fargate.stop(task, request)) return;
    if (this.waiting.remove(task)) {
      this.#stopWaiting(task, request);
      return;
    }
    const instance = this.cluster.instance(task.containerInstanceId);
    if (instance !== undefined) this.#agent(instance).stop(task, request);
  }

  /**
   * Places the tasks waiting for capacity that fit now, oldest first: called when a provider's
   * instance registers and on managed scaling's every-minute pass. O(waiting x placement).
   */
  placeWaitingTasks(): void {
    for (const w of this.waiting.list()) {
      // find, not place: a task that still does not fit just waits, so no failure is built for it.
      const instance = this.placement.find({ taskDefinition: w.task.taskDefinition, group: w.task.group, strategies: w.strategies, constraints: w.constraints, capacityProvider: w.capacityProvider });
      if (instance === null) continue;
      this.waiting.remove(w.task);
      this.cluster.placeWaitingTask(instance, w.task);
      this.#placed(w.task, instance);
      this.#agent(instance).launch(w.task, true);
    }
  }

  #start(definition: TaskDefinition, instance: ContainerInstance, group: string, startedBy: string | undefined, capacityProviderName: string | undefined): Task {
    const task = createTask({
      taskId: this.ids.hex(32),
      taskDefinition: definition,
      group,
      startedBy,
      containerInstanceId: instance.containerInstanceId,
      availabilityZone: instance.availabilityZone,
      createdAt: this.ctx.engine.now,
      capacityProviderName,
    });
    this.cluster.placeTask(instance, task);
    if (capacityProviderName !== undefined) this.capacity.created(task);
    this.#placed(task, instance);
    this.#agent(instance).launch(task);
    return task;
  }

  #placed(task: Task, instance: ContainerInstance): void {
    this.ctx.bus.emit({
      type: "TaskPlaced",
      t: this.ctx.engine.now,
      taskId: task.taskId,
      group: task.group,
      containerInstanceId: instance.containerInstanceId,
      availabilityZone: instance.availabilityZone,
    });
  }

  /** A task created in PROVISIONING, to wait for its provider to launch an instance with room (8.3). */
  #wait(w: Omit<WaitingTask, "task"> & { readonly definition: TaskDefinition; readonly group: string; readonly startedBy: string | undefined }): Task {
    const now = this.ctx.engine.now;
    const task = createTask({
      taskId: this.ids.hex(32),
      taskDefinition: w.definition,
      group: w.group,
      startedBy: w.startedBy,
      containerInstanceId: "",
      availabilityZone: "",
      createdAt: now,
      capacityProviderName: w.capacityProvider,
    });
    this.cluster.addTaskWithoutInstance(task);
    this.capacity.created(task);
    this.waiting.add({ task, capacityProvider: w.capacityProvider, strategies: w.strategies, constraints: w.constraints });
    this.ctx.bus.emit(taskStateChange(task, now));
    // A task too big for every instance type of the provider waits for ever: it triggers no scale-out (8.3).
    if (this.capacity.couldEverRun(w.capacityProvider, w.definition)) {
      this.ctx.engine.after(CAPACITY_WAIT_MS, Priority.CONTROL, () => {
        if (this.waiting.remove(task)) this.#stopWaiting(task, { stopCode: "TaskFailedToStart", stoppedReason: EMPTY_CAPACITY_PROVIDER });
      });
    }
    return task;
  }

  /** A task that never got an instance stops at once: nothing runs yet. */
  #stopWaiting(task: Task, request: StopRequest): void {
    const now = this.ctx.engine.now;
    this.cluster.setDesiredStopped(task, request);
    task.stoppingAt = now;
    task.stoppedAt = now;
    transition(task, "STOPPED");
    this.ctx.bus.emit(taskStateChange(task, now));
  }

  /** A definition's memberOf constraints, compiled once (they were validated when it was registered). */
  #definitionConstraints(definition: TaskDefinition): readonly Constraint[] {
    let compiled = this.#compiled.get(definition);
    if (compiled === undefined) {
      compiled = (definition.placementConstraints ?? []).map((c) => {
        const constraint = compileConstraint(c);
        if (typeof constraint === "string") throw new SimError(`task definition ${definition.familyRevision}: ${constraint}`);
        return constraint;
      });
      this.#compiled.set(definition, compiled);
    }
    return compiled;
  }

  #agent(instance: ContainerInstance): ContainerAgent {
    const agent = this.#agents.get(instance.containerInstanceId);
    if (agent === undefined) throw new SimError(`no agent for ${instance.containerInstanceId}`);
    return agent;
  }

  #instanceChanged(instance: ContainerInstance, reason: string): void {
    this.ctx.bus.emit({
      type: "ContainerInstanceStateChange",
      t: this.ctx.engine.now,
      containerInstanceId: instance.containerInstanceId,
      ec2InstanceId: instance.ec2InstanceId,
      instanceType: instance.instanceType.name,
      availabilityZone: instance.availabilityZone,
      status: instance.status,
      agentConnected: instance.agentConnected,
      reason,
    });
  }

  #apiError(action: string, error: string, message: string): void {
    this.ctx.bus.emit({ type: "ApiError", t: this.ctx.engine.now, action, error, message });
  }
}
