/**
 * A service's event log (DescribeServices `events`): the latest 100, newest first, each also on the
 * bus; an identical message is suppressed until its cause is resolved or six hours pass (5.6).
 */
import type { Engine } from "../engine/engine.ts";
import type { EventBus } from "../model/events.ts";
import { MAX_SERVICE_EVENTS, type Service } from "../model/service.ts";

/** Identical service events are suppressed for six hours; so often is a steady state re-reported (WE19). */
export const EVENT_REPEAT_MS = 6 * 3_600_000;

export class ServiceEventLog {
  /** When each message was last said. */
  readonly #lastSaid = new Map<string, number>();

  constructor(
    private readonly engine: Engine,
    private readonly bus: EventBus,
    private readonly service: Service,
  ) {}

  say(message: string): void {
    const now = this.engine.now;
    const last = this.#lastSaid.get(message);
    if (last !== undefined && now - last < EVENT_REPEAT_MS) return;
    this.#lastSaid.set(message, now);
    const events = this.service.events;
    events.unshift({ createdAt: now, message });
    if (events.length > MAX_SERVICE_EVENTS) events.length = MAX_SERVICE_EVENTS;
    this.bus.emit({ type: "ServiceEvent", t: now, serviceName: this.service.serviceName, message });
  }

  /** The causes of earlier messages are resolved (the service is steady): they may be said again. */
  resolved(): void {
    this.#lastSaid.clear();
  }
}
