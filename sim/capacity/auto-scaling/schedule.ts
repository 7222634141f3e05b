/**
 * When scheduled actions fall due (ecs-behaviour 9.3): once at `at`, or at `at + k x every`.
 * Only the order matters to the scalable target, which applies what is due.
 */
import { SimError } from "../../engine/errors.ts";
import type { ScheduledAction } from "./policies.ts";

export interface ScheduledOccurrence {
  readonly action: ScheduledAction;
  /** The occurrence's simulated time, ms. */
  readonly at: number;
}

/** The scheduled actions of one scalable target and the next time each falls due. */
export class Schedule {
  private readonly actions: readonly ScheduledAction[];
  /** Per action, its next occurrence; undefined once a one-off has run. */
  private readonly nextAt: (number | undefined)[];

  constructor(actions: readonly ScheduledAction[]) {
    for (const action of actions) {
      if (!Number.isFinite(action.at) || (action.every !== undefined && !(action.every > 0))) {
        throw new SimError(`scheduled action ${action.scheduledActionName} needs a finite at and a positive every`, { action });
      }
    }
    this.actions = actions;
    this.nextAt = actions.map((action) => action.at);
  }

  /** The earliest time an action falls due, for the caller to evaluate then; undefined when none is left. */
  next(): number | undefined {
    let earliest: number | undefined;
    for (const at of this.nextAt) if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    return earliest;
  }

  /**
   * The actions due at or before `now`, oldest first (declaration order on ties), each marked
   * done. Modelling choice: a repeating action whose occurrences the caller skipped runs once,
   * as its latest occurrence; the capacities it sets are the same each time.
   */
  due(now: number): ScheduledOccurrence[] {
    const due: { occurrence: ScheduledOccurrence; index: number }[] = [];
    this.actions.forEach((action, index) => {
      const at = this.nextAt[index];
      if (at === undefined || at > now) return;
      if (action.every === undefined) {
        this.nextAt[index] = undefined;
        due.push({ occurrence: { action, at }, index });
        return;
      }
      const skipped = Math.floor((now - at) / action.every);
      this.nextAt[index] = at + (skipped + 1) * action.every;
      due.push({ occurrence: { action, at: at + skipped * action.every }, index });
    });
    due.sort((a, b) => a.occurrence.at - b.occurrence.at || a.index - b.index);
    return due.map((d) => d.occurrence);
  }
}
