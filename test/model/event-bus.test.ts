/** The event bus delivers each event to every listener before any event a listener emits. */
import { expect, it } from "vitest";
import { EventBus, type SimEvent } from "../../sim/model/events.ts";

const event = (t: number): SimEvent => ({ type: "TaskDefinitionRegistered", t, taskDefinition: `web:${t}` });

it("an event emitted during delivery reaches every listener after the one that caused it", () => {
  const bus = new EventBus();
  const seen: string[] = [];
  bus.subscribe((e) => {
    seen.push(`scheduler ${e.t}`);
    if (e.t === 1) bus.emit(event(2)); // a reaction, as the scheduler reacts to a task RUNNING
  });
  bus.subscribe((e) => seen.push(`recorder ${e.t}`));
  bus.emit(event(1));
  expect(seen).toEqual(["scheduler 1", "recorder 1", "scheduler 2", "recorder 2"]);
  bus.emit(event(3)); // and the bus is ready for the next one
  expect(seen.slice(4)).toEqual(["scheduler 3", "recorder 3"]);
});
