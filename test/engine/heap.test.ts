import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { EventHeap } from "../../sim/engine/heap.ts";

interface Item {
  key: number;
  seq: number;
}

// Operations on the heap: push a key (small range, so ties are common) or pop.
const operations = fc.array(fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 20 }) }), fc.constant({ pop: true as const })), {
  maxLength: 400,
});

function byKeyThenSeq(a: Item, b: Item): number {
  return a.key - b.key || a.seq - b.seq;
}

describe("EventHeap", () => {
  it("pops everything in (key, seq) order, like sorting", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }), { maxLength: 2000 }), (keys) => {
        const heap = new EventHeap<Item>();
        const items = keys.map((key, seq) => ({ key, seq }));
        for (const item of items) heap.push(item.key, item.seq, item);
        const popped: Item[] = [];
        let item: Item | undefined;
        while ((item = heap.pop()) !== undefined) popped.push(item);
        expect(popped).toEqual([...items].sort(byKeyThenSeq));
      }),
    );
  });

  it("agrees with a sorted-list model under interleaved push and pop, with many equal keys", () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const heap = new EventHeap<Item>();
        const model: Item[] = [];
        let seq = 0;
        for (const op of ops) {
          if ("push" in op) {
            const item = { key: op.push, seq: seq++ };
            heap.push(item.key, item.seq, item);
            model.push(item);
            model.sort(byKeyThenSeq);
          } else {
            expect(heap.pop()).toBe(model.shift());
          }
          expect(heap.size).toBe(model.length);
          expect(heap.peek()).toBe(model[0]);
          expect(heap.peekKey()).toBe(model[0]?.key ?? Infinity);
        }
      }),
    );
  });

  it("reports size and peek, and pop/peek on an empty heap give undefined", () => {
    const heap = new EventHeap<string>();
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
    expect(heap.peekKey()).toBe(Infinity);
    heap.push(5, 0, "b");
    heap.push(3, 1, "a");
    heap.push(5, 2, "c");
    expect(heap.size).toBe(3);
    expect(heap.peek()).toBe("a");
    expect(heap.peekKey()).toBe(3);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual(["a", "b", "c", undefined]);
    expect(heap.size).toBe(0);
  });

  it("grows past its initial capacity and reuses slots after pops", () => {
    const heap = new EventHeap<number>();
    let seq = 0;
    // Fill, half drain, refill: exercises growth and the free-slot list together.
    for (let i = 0; i < 5000; i++) heap.push((i * 7919) % 5003, seq++, i);
    const first: number[] = [];
    for (let i = 0; i < 2500; i++) first.push(heap.pop() as number);
    for (let i = 5000; i < 8000; i++) heap.push((i * 7919) % 5003, seq++, i);
    expect(heap.size).toBe(5500);
    const keyOf = (i: number) => (i * 7919) % 5003;
    const rest: number[] = [];
    let v: number | undefined;
    while ((v = heap.pop()) !== undefined) rest.push(v);
    expect(rest.length).toBe(5500);
    for (let i = 1; i < rest.length; i++) {
      const a = rest[i - 1] as number;
      const b = rest[i] as number;
      // Equal keys keep insertion order, and insertion order equals the payload order here.
      expect(keyOf(a) < keyOf(b) || (keyOf(a) === keyOf(b) && a < b)).toBe(true);
    }
    expect(new Set([...first, ...rest]).size).toBe(8000);
  });

  it("retain keeps exactly the chosen entries and still pops them in order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 500 }), fc.integer({ min: 0, max: 100 }), (spec, popsFirst) => {
        const heap = new EventHeap<Item & { keep: boolean }>();
        const items = spec.map(([key, keep], seq) => ({ key, seq, keep }));
        for (const item of items) heap.push(item.key, item.seq, item);
        const popped = [];
        for (let i = 0; i < popsFirst && heap.size > 0; i++) popped.push(heap.pop());
        heap.retain((item) => item.keep);
        const remaining = [...items].sort(byKeyThenSeq).slice(popped.length).filter((item) => item.keep);
        expect(heap.size).toBe(remaining.length);
        const out = [];
        let item;
        while ((item = heap.pop()) !== undefined) out.push(item);
        expect(out).toEqual(remaining);
        // The heap stays usable after retain.
        heap.push(1, 1e6, { key: 1, seq: 1e6, keep: true });
        expect(heap.pop()?.seq).toBe(1e6);
      }),
    );
  });
});
