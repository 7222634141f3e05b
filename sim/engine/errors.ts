// The one error type the simulator throws when something impossible happens,
// carrying structured context so a failure can be diagnosed without a debugger.

/** An impossible or invalid situation inside the simulator; `context` holds the values that explain it. */
export class SimError extends Error {
  /** Values that explain the failure (times, ids, parameters). */
  readonly context?: Record<string, unknown>;

  constructor(message: string, context?: Record<string, unknown>) {
    super(message);
    this.name = "SimError";
    // exactOptionalPropertyTypes: only set the field when there is something to say.
    if (context !== undefined) this.context = context;
  }
}
