/** What a finished run hands to the writers: the contents of its run directory. */
import type { Summary } from "./summary.ts";
import type { TaskRow } from "./task-rows.ts";

export interface RunOutput {
  readonly summary: Summary;
  readonly tasks: readonly TaskRow[];
  /** Kernel events executed. */
  readonly eventsProcessed: number;
}
