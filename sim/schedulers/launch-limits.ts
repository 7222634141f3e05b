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

/** Tasks a Fargate service may launch per minute (ecs-behaviour 10.1, not adjustable). */
export const FARGATE_LAUNCHES_PER_MINUTE = 500;

/** A token bucket: `capacity` tokens at most, refilled continuously at `perMinute`. */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly capacity: number,
    private readonly perMinute: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  /** Tokens to spend now. */
  available(now: number): number {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) * this.perMinute) / 60_000);
    this.#at = now;
    return Math.floor(this.#tokens);
  }

  /** Ms until the next token, when none is there now. */
  wait(): number {
    return Math.ceil(((1 - this.#tokens) * 60_000) / this.perMinute);
  }

  took(tokens: number): void {
    this.#tokens -= tokens;
  }
}

/** A service's launch rate (ecs-behaviour 5.8): a minute's launches, refilled continuously. */
export const launchRate = (now: number, perMinute = LAUNCHES_PER_MINUTE): TokenBucket => new TokenBucket(perMinute, perMinute, now);
