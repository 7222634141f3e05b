/**
 * A CloudWatch metric alarm over 1-minute datapoints that goes to ALARM when N of the last M
 * datapoints breach (ecs-behaviour 9.2, 9.3). It keeps a ring of the last M datapoints, so
 * recording one costs O(1).
 */
import { SimError } from "../../engine/errors.ts";
import type { ComparisonOperator } from "./policies.ts";

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** What the alarm compares, and over how many datapoints. */
export interface AlarmRule {
  readonly comparisonOperator: ComparisonOperator;
  readonly threshold: number;
  /** M: the datapoints looked at. */
  readonly evaluationPeriods: number;
  /** N: how many of them must breach. */
  readonly datapointsToAlarm: number;
}

/** Whether one datapoint breaches the threshold, in the operator's sense. */
export function breaches(operator: ComparisonOperator, value: number, threshold: number): boolean {
  switch (operator) {
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "GreaterThanThreshold":
      return value > threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
  }
}

/** Whether the operator watches for high values (a breach is metric - threshold >= 0). */
export function isHighAlarm(operator: ComparisonOperator): boolean {
  return operator === "GreaterThanOrEqualToThreshold" || operator === "GreaterThanThreshold";
}

// Ring slots: a period with no datapoint, one inside the threshold, one breaching.
const MISSING = 0;
const INSIDE = 1;
const BREACHING = 2;

/**
 * The alarm's state after each datapoint. Modelling choice (CloudWatch's treatMissingData is
 * not modelled): a missing newest datapoint is INSUFFICIENT_DATA, so no policy acts on it
 * (ecs-behaviour 9.2); otherwise ALARM when at least N of the last M breach; otherwise
 * INSUFFICIENT_DATA while fewer than N of the last M periods had data (a new alarm), else OK.
 */
export class MetricAlarm {
  readonly alarmName: string;
  readonly rule: AlarmRule;
  private readonly ring: Uint8Array;
  private next = 0;
  private breaching = 0;
  private present = 0;
  private newest: number | undefined;
  private current: AlarmState = "INSUFFICIENT_DATA";

  constructor(alarmName: string, rule: AlarmRule) {
    const { evaluationPeriods: m, datapointsToAlarm: n } = rule;
    if (!Number.isSafeInteger(m) || m < 1 || !Number.isSafeInteger(n) || n < 1 || n > m) {
      throw new SimError(`alarm ${alarmName} needs 1 <= datapointsToAlarm <= evaluationPeriods, got ${n} of ${m}`, { alarmName, rule });
    }
    if (!Number.isFinite(rule.threshold)) throw new SimError(`alarm ${alarmName} needs a finite threshold`, { alarmName, rule });
    this.alarmName = alarmName;
    this.rule = rule;
    this.ring = new Uint8Array(m);
  }

  /** The state after the last datapoint recorded (INSUFFICIENT_DATA before any). */
  get state(): AlarmState {
    return this.current;
  }

  /** The newest datapoint, undefined when that period had none. */
  get latest(): number | undefined {
    return this.newest;
  }

  /** Records the datapoint of the next 1-minute period (undefined = no data) and returns the new state. */
  record(value: number | undefined): AlarmState {
    if (value !== undefined && !Number.isFinite(value)) {
      throw new SimError(`alarm ${this.alarmName} got a datapoint that is not a finite number: ${value}`, { value });
    }
    const slot = value === undefined ? MISSING : breaches(this.rule.comparisonOperator, value, this.rule.threshold) ? BREACHING : INSIDE;
    this.push(slot);
    this.newest = value;
    this.current = this.evaluate();
    return this.current;
  }

  /** Records `periods` periods without data (minutes the caller skipped); more than M change nothing further. */
  recordMissing(periods: number): AlarmState {
    for (let i = 0; i < Math.min(periods, this.ring.length); i++) this.record(undefined);
    return this.current;
  }

  /** Forgets every datapoint: the alarm needs M new ones before it can go to ALARM again. */
  reset(): void {
    this.ring.fill(MISSING);
    this.next = 0;
    this.breaching = 0;
    this.present = 0;
    this.newest = undefined;
    this.current = "INSUFFICIENT_DATA";
  }

  private push(slot: number): void {
    const old = this.ring[this.next] ?? MISSING;
    if (old === BREACHING) this.breaching -= 1;
    if (old !== MISSING) this.present -= 1;
    this.ring[this.next] = slot;
    if (slot === BREACHING) this.breaching += 1;
    if (slot !== MISSING) this.present += 1;
    this.next = (this.next + 1) % this.ring.length;
  }

  private evaluate(): AlarmState {
    if (this.newest === undefined) return "INSUFFICIENT_DATA";
    if (this.breaching >= this.rule.datapointsToAlarm) return "ALARM";
    return this.present < this.rule.datapointsToAlarm ? "INSUFFICIENT_DATA" : "OK";
  }
}
