/** `--explain`: prints each placement decision for a person as the run goes. */
import { formatDuration } from "../engine/duration.ts";
import type { SimEvent } from "../model/events.ts";
import { formatExplanation } from "../placement/explanation.ts";

/** Wraps an event sink so that PlacementExplained events are also printed. */
export function explainTo(sink: (event: SimEvent) => void): (event: SimEvent) => void {
  return (event) => {
    sink(event);
    if (event.type !== "PlacementExplained") return;
    const { explanation } = event;
    const outcome =
      event.taskId === undefined
        ? `not placed: ${event.failure?.reason ?? "?"}. ${event.failure?.detail ?? ""}`
        : "zones" in explanation
          ? `placed on Fargate in ${explanation.chosen ?? "?"}`
          : `placed on ${event.containerInstanceId ?? "?"}`;
    const lines = [`[${formatDuration(event.t)}] ${event.group} (${event.taskDefinition}) ${outcome}`, ...formatExplanation(event.explanation).map((l) => `    ${l}`)];
    process.stdout.write(`${lines.join("\n")}\n`);
  };
}
