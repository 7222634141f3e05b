import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { RandomStreams } from "../../sim/engine/rng.ts";
import { SimError } from "../../sim/engine/errors.ts";

const draws = <T>(n: number, next: () => T): T[] => Array.from({ length: n }, next);

describe("RandomStreams", () => {
  it("gives the same sequence for the same seed and name", () => {
    const a = new RandomStreams(42).stream("arrivals");
    const b = new RandomStreams(42).stream("arrivals");
    expect(draws(100, () => a.next())).toEqual(draws(100, () => b.next()));
  });

  it("returns the same Random object for the same name", () => {
    const streams = new RandomStreams(1);
    expect(streams.stream("x")).toBe(streams.stream("x"));
  });

  it("gives different sequences for different names and different seeds", () => {
    const streams = new RandomStreams(42);
    const a = draws(20, () => streams.stream("arrivals").next());
    const b = draws(20, () => streams.stream("faults").next());
    const other = new RandomStreams(43).stream("arrivals");
    const c = draws(20, () => other.next());
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("never shifts one stream's sequence by drawing from another", () => {
    const quiet = new RandomStreams(7);
    const expected = draws(50, () => quiet.stream("b").next());
    const busy = new RandomStreams(7);
    const a = busy.stream("a");
    const b = busy.stream("b");
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) {
      a.next();
      a.int(10);
      a.hex(12);
      seen.push(b.next());
    }
    expect(seen).toEqual(expected);
  });

  it("keeps next() in [0, 1)", () => {
    const r = new RandomStreams(3).stream("u");
    for (let i = 0; i < 10_000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it("keeps int(n) in [0, n) and reaches both ends", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer(), (n, seed) => {
        const r = new RandomStreams(seed).stream("int");
        for (let i = 0; i < 50; i++) {
          const k = r.int(n);
          expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        }
      }),
    );
    const r = new RandomStreams(5).stream("ends");
    const seen = new Set(draws(1000, () => r.int(3)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
    expect(r.int(1)).toBe(0);
  });

  it("refuses int() of a non-positive or fractional n", () => {
    const r = new RandomStreams(5).stream("bad");
    for (const n of [0, -1, 2.5, Number.NaN]) expect(() => r.int(n)).toThrow(SimError);
  });

  it("picks only from the items, eventually every one, and refuses an empty list", () => {
    const r = new RandomStreams(9).stream("pick");
    const items = ["a", "b", "c", "d"] as const;
    const picked = new Set(draws(500, () => r.pick(items)));
    expect([...picked].sort()).toEqual([...items]);
    expect(() => r.pick([])).toThrow(SimError);
  });

  it("makes hex strings of the requested length from lowercase hex digits", () => {
    const r = new RandomStreams(11).stream("hex");
    for (const length of [0, 1, 7, 8, 9, 32, 100]) {
      const h = r.hex(length);
      expect(h).toHaveLength(length);
      expect(h).toMatch(/^[0-9a-f]*$/);
    }
    // All sixteen digits show up: the digits are not stuck in a sub-range.
    expect(new Set(r.hex(2000)).size).toBe(16);
    // Every position is uniform too, including the first (leading zeros are kept).
    expect(new Set(draws(400, () => r.hex(1))).size).toBe(16);
    expect(() => r.hex(-1)).toThrow(SimError);
    expect(() => r.hex(1.5)).toThrow(SimError);
  });

  it("refuses a non-finite seed", () => {
    expect(() => new RandomStreams(Number.NaN)).toThrow(SimError);
  });
});
