// A periodic action on the engine's clock: the loop each once-a-minute evaluator would write.

import type { Engine } from "./engine.ts";
import type { Priority } from "./priority.ts";

/**
 * Runs `action` every `intervalMs` from now on (first at now + intervalMs), until the run ends.
 * The next run is scheduled once `action` returns: an event the action schedules for that time runs first.
 */
export function every(engine: Engine, intervalMs: number, priority: Priority, action: () => void): void {
  const tick = (): void => {
    action();
    engine.after(intervalMs, priority, tick);
  };
  engine.after(intervalMs, priority, tick);
}
