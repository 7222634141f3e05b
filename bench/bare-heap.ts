// A textbook binary min-heap of plain numbers: the reference for what any
// priority queue must at least cost, to put the kernel's figures in proportion.

/** Binary min-heap of numbers in a growable Float64Array. */
export class BareHeap {
  // Invariant: values[(i - 1) >> 1] <= values[i] for every 0 < i < size.
  private values = new Float64Array(1024);
  size = 0;

  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.size * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const values = this.values;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = values[parent] as number;
      if (p <= value) break;
      values[i] = p;
      i = parent;
    }
    values[i] = value;
  }

  /** Removes and returns the smallest value; the heap must not be empty. */
  pop(): number {
    const values = this.values;
    const top = values[0] as number;
    const n = --this.size;
    const last = values[n] as number;
    let i = 0;
    let child = 1;
    while (child < n) {
      if (child + 1 < n && (values[child + 1] as number) < (values[child] as number)) child++;
      const c = values[child] as number;
      if (last <= c) break;
      values[i] = c;
      i = child;
      child = 2 * i + 1;
    }
    values[i] = last;
    return top;
  }
}
