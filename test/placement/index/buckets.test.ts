import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Buckets } from "../../../sim/placement/index/buckets.ts";

describe("binpack buckets", () => {
  it("keep distinct amounts ascending, members by registration, and the most of the other resource", () => {
    const b = new Buckets();
    b.set(3, 1024, 500);
    b.set(1, 1024, 900);
    b.set(2, 512, 100);
    expect(b.amounts).toEqual([512, 1024]);
    expect(b.members(1024)).toEqual([1, 3]);
    expect(b.firstFitting(600)).toBe(1);
    expect(b.mayFit(1024, 900)).toBe(true);
    b.set(1, 256, 900); // instance 1 moves: the 1,024 bucket's best "other" drops to 500
    expect(b.amounts).toEqual([256, 512, 1024]);
    expect(b.mayFit(1024, 900)).toBe(false);
    expect(b.mayFit(1024, 500)).toBe(true);
    b.delete(3);
    expect(b.amounts).toEqual([256, 512]);
    expect(b.members(1024)).toEqual([]);
  });

  it("property: agree with a plain map of instance -> (amount, other) after any moves", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.option(fc.nat(5)), fc.nat(5)), { maxLength: 200 }), (ops) => {
        const b = new Buckets();
        const truth = new Map<number, [number, number]>();
        for (const [index, amount, other] of ops) {
          if (amount === null) {
            b.delete(index);
            truth.delete(index);
          } else {
            b.set(index, amount, other);
            truth.set(index, [amount, other]);
          }
        }
        const amounts = [...new Set([...truth.values()].map(([a]) => a))].sort((x, y) => x - y);
        expect(b.amounts).toEqual(amounts);
        for (const a of amounts) {
          const members = [...truth].filter(([, [x]]) => x === a).map(([i]) => i).sort((x, y) => x - y);
          expect(b.members(a)).toEqual(members);
          const most = Math.max(...[...truth.values()].filter(([x]) => x === a).map(([, o]) => o));
          expect(b.mayFit(a, most)).toBe(true);
          expect(b.mayFit(a, most + 1)).toBe(false);
        }
      }),
    );
  });
});
