// Binary min-heap of scheduled events ordered by (key, seq): the hot path of the kernel.
//
// Layout (chosen by profiling, see bench/kernel.bench.ts): entries sit still in a
// slot table and the heap itself is two typed arrays, the sort key and the slot
// of each node. Sifting therefore moves plain numbers only: no pointer stores, so
// no GC write barriers, and comparisons walk contiguous memory. The key is
// `time * PRIORITY_SLOTS + priority`, so (time, priority) costs one comparison;
// the insertion sequence number, kept per slot, is read only to break key ties.

const INITIAL_CAPACITY = 1024;

/**
 * Min-heap of entries ordered by (key, seq). The sort fields are given to push
 * rather than read from the entry, so entries stay small objects.
 */
export class EventHeap<T> {
  // Heap nodes, indexed by position in the heap.
  // Invariant (kept by push, pop and retain): for every 0 < i < length, with
  // p = (i - 1) >> 1: keys[p] < keys[i], or keys[p] === keys[i] and
  // seqOf[slots[p]] < seqOf[slots[i]].
  private keys = new Float64Array(INITIAL_CAPACITY);
  private slots = new Int32Array(INITIAL_CAPACITY);
  private length = 0;

  // Slot table, indexed by slot: the entries and their seq. A slot is free
  // (listed in freeSlots, entry cleared for the GC) once its entry is popped.
  private entries: (T | undefined)[] = [];
  private seqOf = new Float64Array(INITIAL_CAPACITY);
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeCount = 0;

  /** Number of entries in the heap (cancelled ones included: the heap does not know). */
  get size(): number {
    return this.length;
  }

  /** The smallest entry, or undefined when empty. */
  peek(): T | undefined {
    return this.length === 0 ? undefined : this.entries[this.slots[0] as number];
  }

  /** Sort key of the smallest entry, or Infinity when empty (no object access: for hot loops). */
  peekKey(): number {
    return this.length === 0 ? Infinity : (this.keys[0] as number);
  }

  /**
   * Adds `entry` with sort key `key` (an integer below 2^53; for events
   * `time * PRIORITY_SLOTS + priority`) and `seq`, an insertion sequence number
   * unique in this heap that orders entries with equal keys (smaller first).
   */
  push(key: number, seq: number, entry: T): void {
    let hole = this.length;
    if (hole === this.keys.length) this.grow();
    this.length = hole + 1;
    // Every free slot was freed by a pop, so slots in use never exceed length.
    const slot = this.freeCount > 0 ? (this.freeSlots[--this.freeCount] as number) : hole;
    this.entries[slot] = entry;
    const seqOf = this.seqOf;
    seqOf[slot] = seq;
    const keys = this.keys;
    const slots = this.slots;
    // Sift up: move the hole towards the root while the parent sorts after the new entry.
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

  /** Removes and returns the smallest entry, or undefined when empty. */
  pop(): T | undefined {
    const n = this.length;
    if (n === 0) return undefined;
    const keys = this.keys;
    const slots = this.slots;
    const seqOf = this.seqOf;
    const entries = this.entries;
    const topSlot = slots[0] as number;
    const top = entries[topSlot];
    entries[topSlot] = undefined;
    this.freeSlots[this.freeCount++] = topSlot;
    const last = n - 1;
    this.length = last;
    if (last === 0) return top;
    const key = keys[last] as number;
    const slot = slots[last] as number;
    const seq = seqOf[slot] as number;
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
    return top;
  }

  /** Keeps only the entries for which `keep` returns true, restoring the invariant in O(n). */
  retain(keep: (entry: T) => boolean): void {
    const keys = this.keys;
    const slots = this.slots;
    const seqOf = this.seqOf;
    const entries = this.entries;
    const keptEntries: T[] = [];
    const keptSeqs: number[] = [];
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = slots[i] as number;
      const entry = entries[slot] as T;
      if (!keep(entry)) continue;
      // Renumber slots densely: node `kept` gets slot `kept`. Nodes are compacted
      // in place (kept <= i), but seqs are collected first since slots move.
      keys[kept] = keys[i] as number;
      keptEntries.push(entry);
      keptSeqs.push(seqOf[slot] as number);
      kept++;
    }
    for (let i = 0; i < kept; i++) {
      slots[i] = i;
      seqOf[i] = keptSeqs[i] as number;
    }
    this.entries = keptEntries;
    this.freeCount = 0;
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

  // Node arrays and slot arrays share one capacity: slots in use never exceed nodes.
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
