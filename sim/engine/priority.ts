// Named priority classes: the order in which events scheduled for the same millisecond run.

/**
 * Priority of an event among events at the same millisecond; lower runs first.
 *
 * Why this order: a fault (instance dies, AZ fails) happens first so nothing else
 * that millisecond acts on a world that is already broken; agents then report the
 * state they see; control-plane calls (API requests) apply against that reported
 * state; schedulers react to the outcome of those calls; and metrics sample last so
 * they record the settled state of the millisecond rather than a half-updated one.
 */
export const Priority = {
  FAULT: 0,
  AGENT: 1,
  CONTROL: 2,
  SCHEDULER: 3,
  SAMPLE: 4,
} as const;

/** One of the {@link Priority} values. */
export type Priority = (typeof Priority)[keyof typeof Priority];

/**
 * Number of distinct slots reserved per millisecond in an event's sort key
 * (`time * PRIORITY_SLOTS + priority`). A power of two above the largest priority,
 * so the key stays exact in a double for any time up to {@link MAX_TIME}.
 */
export const PRIORITY_SLOTS = 8;

/** Largest schedulable time in ms (~35,000 years): keeps `time * PRIORITY_SLOTS` below 2^53. */
export const MAX_TIME = 2 ** 50;
