/**
 * What holds a service's launches back, apart from room in the cluster: the throttle after tasks
 * keep failing to start (5.4) and the launch rate per service (5.8). Pure arithmetic over time.
 */

/**
 * After THROTTLE_AFTER tasks in a row fail to start, wait before launching again: one minute at
 * first, doubling with each further failure, at most 27 minutes. ECS documents the cap, not the
 * steps: the steps are a choice.
 */
export const THROTTLE_AFTER = 3;
export const THROTTLE_FIRST_DELAY_MS = 60_000;
export const THROTTLE_MAX_DELAY_MS = 27 * 60_000;
/** Tasks a service may launch per minute on EC2 (the 2022 quota table; the current value is not published). */
export const LAUNCHES_PER_MINUTE = 250;

export class LaunchThrottle {
  #failedStarts = 0;
  /** No launch before this time. */
  until = 0;

  /** A task never reached RUNNING; true when the throttle holds launches back from now on. */
  failed(now: number): boolean {
    this.#failedStarts += 1;
    if (this.#failedStarts < THROTTLE_AFTER) return false;
    this.until = now + Math.min(THROTTLE_MAX_DELAY_MS, THROTTLE_FIRST_DELAY_MS * 2 ** (this.#failedStarts - THROTTLE_AFTER));
    return true;
  }

  /** A task reached RUNNING: tasks start consistently again. */
  succeeded(): void {
    this.#failedStarts = 0;
  }

  /** A new task definition returns the service to normal at once. */
  reset(): void {
    this.#failedStarts = 0;
    this.until = 0;
  }
}

/** A token bucket: LAUNCHES_PER_MINUTE launches, refilled continuously. */
export class LaunchRate {
  #tokens = LAUNCHES_PER_MINUTE;
  #at: number;

  constructor(now: number) {
    this.#at = now;
  }

  /** Launches allowed now. */
  available(now: number): number {
    this.#tokens = Math.min(LAUNCHES_PER_MINUTE, this.#tokens + ((now - this.#at) * LAUNCHES_PER_MINUTE) / 60_000);
    this.#at = now;
    return Math.floor(this.#tokens);
  }

  /** Ms until the next launch is allowed, when none is now. */
  wait(): number {
    return Math.ceil(((1 - this.#tokens) * 60_000) / LAUNCHES_PER_MINUTE);
  }

  took(launches: number): void {
    this.#tokens -= launches;
  }
}
