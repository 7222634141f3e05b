/** Runs a scenario written inline in a test and collects its events. */
import type { SimEvent } from "../../sim/model/events.ts";
import type { MetricRow } from "../../sim/recorder/metrics.ts";
import { runScenario } from "../../sim/run.ts";
import { checkScenario } from "../../sim/scenario/load.ts";
import { parseSource } from "../../sim/scenario/source.ts";

export function simulate(yaml: string, options: { seed?: number; explain?: boolean } = {}) {
  const events: SimEvent[] = [];
  const metrics: MetricRow[] = [];
  const output = runScenario(checkScenario(parseSource("test.yaml", yaml)), {
    seed: options.seed,
    explain: options.explain,
    check: true,
    eventSink: (e) => events.push(e),
    metricSink: (row) => metrics.push(row),
  });
  const serviceEvents = (service: string) =>
    events.flatMap((e) => (e.type === "ServiceEvent" && e.serviceName === service ? [{ t: e.t, message: e.message }] : []));
  return { output, events, metrics, serviceEvents };
}
