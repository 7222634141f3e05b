import { describe, expect, it } from "vitest";
import { Engine } from "../../sim/engine/engine.ts";
import { every } from "../../sim/engine/every.ts";
import { Priority } from "../../sim/engine/priority.ts";

describe("every", () => {
  it("runs the action at now + k x interval, after the events the previous run scheduled for that time", () => {
    const engine = new Engine();
    const log: string[] = [];
    engine.after(5, Priority.SCHEDULER, () => every(engine, 10, Priority.SCHEDULER, () => {
      log.push(`tick ${engine.now}`);
      engine.after(10, Priority.SCHEDULER, () => log.push(`from the previous tick ${engine.now}`));
    }));
    engine.run({ until: 35 });
    expect(log).toEqual(["tick 15", "from the previous tick 25", "tick 25", "from the previous tick 35", "tick 35"]);
  });
});
