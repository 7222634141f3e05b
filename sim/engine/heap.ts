// Binary min-heap of scheduled events ordered by (key, seq): the hot path of the kernel.
//
// Layout (chosen by profiling, see bench/kernel.bench.ts): each pushed event gets
// a slot id that stays fixed until it is popped; the heap itself is two typed
// arrays, the sort key and the slot of each node. Sifting therefore moves plain
// numbers only (no pointer stores, so no GC write barriers, and comparisons walk
// contiguous memory), and callers keep per-event data in arrays indexed by slot
// instead of one object per event. The key is `time * PRIORITY_SLOTS + priority`,
// so (time, priority) costs one comparison; the insertion sequence number, kept
// per slot, is read only to break ties between equal keys.

const INITIAL_CAPACITY = 1024;

/** Returned by {@link SlotHeap.pop} and {@link SlotHeap.peekSlot} when the heap is empty. */
export const NO_SLOT = -1;

/**
 * Min-heap of (key, seq) pairs, each identified by a slot id in [0, capacity).
 * A slot belongs to its pair from push until pop returns it; the next push may reuse it.
 */
export class SlotHeap {
  // Heap nodes, indexed by position in the heap.
  // Invariant (kept by push, pop and retain): for every 0 < i < length, with
  // p = (i - 1) >> 1: keys[p] < keys[i], or keys[p] === keys[i] and
  // seqOf[slots[p]] < seqOf[slots[i]].
  private keys = new Float64Array(INITIAL_CAPACITY);
  private slots = new Int32Array(INITIAL_CAPACITY);
  private length = 0;

  // Per slot: the seq of the pair that holds (or last held) it. Slots not in
  // the heap are on the free list, except those never handed out (>= issued).
  private seqOf = new Float64Array(INITIAL_CAPACITY);
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;
  private issued = 0;

  /** Number of pairs in the heap. */
  get size(): number {
    return this.length;
  }

  /** Slot of the smallest pair, or NO_SLOT when empty. */
  peekSlot(): number {
    return this.length === 0 ? NO_SLOT : (this.slots[0] as number);
  }

  /** Key of the smallest pair, or Infinity when empty. */
  peekKey(): number {
    return this.length === 0 ? Infinity : (this.keys[0] as number);
  }

  /** Sequence number last pushed with `slot` (still valid after the pair is popped, until the slot is reused). */
  seqAt(slot: number): number {
    return this.seqOf[slot] as number;
  }

  /**
   * Adds the pair (`key`, `seq`) and returns its slot. `key` is an integer below
   * 2^53; `seq` is unique in this heap and orders equal keys (smaller first).
   */
  push(key: number, seq: number): number {
    const hole = this.length;
    if (hole === this.keys.length) this.grow();
    this.length = hole + 1;
    const slot = this.freeCount > 0 ? (this.freeSlots[--this.freeCount] as number) : this.issued++;
    const seqOf = this.seqOf;
    seqOf[slot] = seq;
    this.siftUp(hole, key, slot, seq);
    return slot;
  }

  /** Moves the hole towards the root while the parent sorts after (key, seq), then fills it. */
  private siftUp(from: number, key: number, slot: number, seq: number): void {
    const keys = this.keys;
    const slots = this.slots;
    const seqOf = this.seqOf;
    let hole = from;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const pk = keys[parent] as number;
      const ps = slots[parent] as number;
      if (pk < key || (pk === key && (seqOf[ps] as number) < seq)) break;
      keys[hole] = pk;
      slots[hole] = ps;
      hole = parent;
    }
    keys[hole] = key;
    slots[hole] = slot;
  }

  /** Removes the smallest pair and returns its slot (now free), or NO_SLOT when empty. */
  pop(): number {
    const n = this.length;
    if (n === 0) return NO_SLOT;
    const keys = this.keys;
    const slots = this.slots;
    const seqOf = this.seqOf;
    const top = slots[0] as number;
    this.freeSlots[this.freeCount++] = top;
    const last = n - 1;
    this.length = last;
    if (last === 0) return top;
    const key = keys[last] as number;
    const slot = slots[last] as number;
    // Bottom-up (Floyd) sift-down: walk the hole from the root to a leaf along the
    // smaller child (one comparison per level instead of two), then sift the former
    // last node up from there; it belongs near the bottom, so that loop is short.
    let hole = 0;
    let child = 1;
    while (child < last) {
      const right = child + 1;
      let ck = keys[child] as number;
      if (right < last) {
        const rk = keys[right] as number;
        if (rk < ck || (rk === ck && (seqOf[slots[right] as number] as number) < (seqOf[slots[child] as number] as number))) {
          child = right;
          ck = rk;
        }
      }
      keys[hole] = ck;
      slots[hole] = slots[child] as number;
      hole = child;
      child = 2 * hole + 1;
    }
    this.siftUp(hole, key, slot, seqOf[slot] as number);
    return top;
  }

  /**
   * Keeps only the pairs whose slot `keep` accepts, restoring the invariant in
   * O(n). Kept pairs keep their slots; dropped slots become free.
   */
  retain(keep: (slot: number) => boolean): void {
    const keys = this.keys;
    const slots = this.slots;
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = slots[i] as number;
      if (!keep(slot)) {
        this.freeSlots[this.freeCount++] = slot;
        continue;
      }
      // kept <= i, so this never overwrites a node still to be visited.
      keys[kept] = keys[i] as number;
      slots[kept] = slot;
      kept++;
    }
    this.length = kept;
    // Heapify bottom-up: sift each internal node down, last parent first.
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Classic sift-down of the node at `start`, used by retain's heapify. */
  private siftDown(start: number): void {
    const keys = this.keys;
    const slots = this.slots;
    const seqOf = this.seqOf;
    const n = this.length;
    const key = keys[start] as number;
    const slot = slots[start] as number;
    const seq = seqOf[slot] as number;
    let hole = start;
    let child = 2 * hole + 1;
    while (child < n) {
      const right = child + 1;
      let ck = keys[child] as number;
      if (right < n) {
        const rk = keys[right] as number;
        if (rk < ck || (rk === ck && (seqOf[slots[right] as number] as number) < (seqOf[slots[child] as number] as number))) {
          child = right;
          ck = rk;
        }
      }
      const cs = slots[child] as number;
      if (key < ck || (key === ck && seq < (seqOf[cs] as number))) break;
      keys[hole] = ck;
      slots[hole] = cs;
      hole = child;
      child = 2 * hole + 1;
    }
    keys[hole] = key;
    slots[hole] = slot;
  }

  // Node and slot arrays share one capacity: slots issued never exceed the
  // largest size the heap has had, since a slot is only issued when none is free.
  private grow(): void {
    const capacity = this.keys.length * 2;
    const keys = new Float64Array(capacity);
    keys.set(this.keys);
    this.keys = keys;
    const slots = new Int32Array(capacity);
    slots.set(this.slots);
    this.slots = slots;
    const seqOf = new Float64Array(capacity);
    seqOf.set(this.seqOf);
    this.seqOf = seqOf;
    const freeSlots = new Int32Array(capacity);
    freeSlots.set(this.freeSlots);
    this.freeSlots = freeSlots;
  }
}
