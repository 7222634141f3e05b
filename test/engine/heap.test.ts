import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { NO_SLOT, SlotHeap } from "../../sim/engine/heap.ts";

interface Item {
  key: number;
  seq: number;
}

/** A SlotHeap plus the slot -> item table a caller keeps. */
class Harness {
  readonly heap = new SlotHeap();
  readonly bySlot = new Map<number, Item>();

  push(item: Item): number {
    const slot = this.heap.push(item.key, item.seq);
    // A slot is never handed out twice while in use.
    expect(this.bySlot.has(slot)).toBe(false);
    this.bySlot.set(slot, item);
    return slot;
  }

  pop(): Item | undefined {
    const slot = this.heap.pop();
    if (slot === NO_SLOT) return undefined;
    const item = this.bySlot.get(slot);
    this.bySlot.delete(slot);
    expect(item).toBeDefined();
    return item;
  }
}

function byKeyThenSeq(a: Item, b: Item): number {
  return a.key - b.key || a.seq - b.seq;
}

// Operations on the heap: push a key (small range, so ties are common) or pop.
const operations = fc.array(fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 20 }) }), fc.constant({ pop: true as const })), {
  maxLength: 400,
});

describe("SlotHeap", () => {
  it("pops everything in (key, seq) order, like sorting", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e12 }), { maxLength: 2000 }), (keys) => {
        const h = new Harness();
        const items = keys.map((key, seq) => ({ key, seq }));
        for (const item of items) h.push(item);
        const popped: Item[] = [];
        let item: Item | undefined;
        while ((item = h.pop()) !== undefined) popped.push(item);
        expect(popped).toEqual([...items].sort(byKeyThenSeq));
      }),
    );
  });

  it("agrees with a sorted-list model under interleaved push and pop, with many equal keys", () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const h = new Harness();
        const model: Item[] = [];
        let seq = 0;
        for (const op of ops) {
          if ("push" in op) {
            const item = { key: op.push, seq: seq++ };
            const slot = h.push(item);
            expect(h.heap.seqAt(slot)).toBe(item.seq);
            model.push(item);
            model.sort(byKeyThenSeq);
          } else {
            expect(h.pop()).toBe(model.shift());
          }
          expect(h.heap.size).toBe(model.length);
          expect(h.bySlot.get(h.heap.peekSlot())).toBe(model[0]);
          expect(h.heap.peekKey()).toBe(model[0]?.key ?? Infinity);
        }
      }),
    );
  });

  it("reports size and peeks, and gives NO_SLOT / Infinity when empty", () => {
    const heap = new SlotHeap();
    expect(heap.size).toBe(0);
    expect(heap.peekSlot()).toBe(NO_SLOT);
    expect(heap.peekKey()).toBe(Infinity);
    expect(heap.pop()).toBe(NO_SLOT);
    const b = heap.push(5, 0);
    const a = heap.push(3, 1);
    const c = heap.push(5, 2);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(heap.size).toBe(3);
    expect(heap.peekSlot()).toBe(a);
    expect(heap.peekKey()).toBe(3);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([a, b, c, NO_SLOT]);
    expect(heap.size).toBe(0);
  });

  it("grows past its initial capacity and reuses freed slots", () => {
    const h = new Harness();
    const keyOf = (i: number) => (i * 7919) % 5003;
    let seq = 0;
    for (let i = 0; i < 5000; i++) h.push({ key: keyOf(i), seq: seq++ });
    const first: Item[] = [];
    for (let i = 0; i < 2500; i++) first.push(h.pop() as Item);
    for (let i = 5000; i < 8000; i++) h.push({ key: keyOf(i), seq: seq++ });
    expect(h.heap.size).toBe(5500);
    // 5500 events never need more than 5500 distinct slots.
    expect(Math.max(...h.bySlot.keys())).toBeLessThan(5500);
    const rest: Item[] = [];
    let item: Item | undefined;
    while ((item = h.pop()) !== undefined) rest.push(item);
    expect(rest).toEqual([...rest].sort(byKeyThenSeq));
    expect(new Set([...first, ...rest].map((x) => x.seq)).size).toBe(8000);
  });

  it("retain keeps exactly the chosen pairs, in their slots, and still pops them in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 500 }),
        fc.integer({ min: 0, max: 100 }),
        (spec, popsFirst) => {
          const h = new Harness();
          const keep = new Set<Item>();
          const items = spec.map(([key, kept], seq) => {
            const item = { key, seq };
            if (kept) keep.add(item);
            return item;
          });
          for (const item of items) h.push(item);
          const popped: Item[] = [];
          for (let i = 0; i < popsFirst && h.heap.size > 0; i++) popped.push(h.pop() as Item);
          h.heap.retain((slot) => keep.has(h.bySlot.get(slot) as Item));
          for (const [slot, item] of [...h.bySlot]) if (!keep.has(item)) h.bySlot.delete(slot);
          const remaining = [...items].sort(byKeyThenSeq).slice(popped.length).filter((item) => keep.has(item));
          expect(h.heap.size).toBe(remaining.length);
          // Slots survive retain: the caller's table still matches the heap.
          const out: Item[] = [];
          let item: Item | undefined;
          while ((item = h.pop()) !== undefined) out.push(item);
          expect(out).toEqual(remaining);
          // Dropped slots are free again and the heap stays usable.
          h.push({ key: 1, seq: 1e6 });
          expect(h.pop()?.seq).toBe(1e6);
        },
      ),
    );
  });
});
