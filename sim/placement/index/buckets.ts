/**
 * Instances grouped by how much of one resource they have left: the distinct amounts in ascending
 * order, and for each the instances with exactly that much, by registration. Binpack asks for the
 * smallest amount that still fits: a binary search over the amounts, not a scan of instances.
 * Each bucket also knows the most any member has of the other resource, so a search can skip a
 * bucket where nothing can fit (binpack on CPU while memory runs out first, or the reverse).
 * Moving an instance costs O(log a + b) for a distinct amounts and b instances in its bucket.
 */
import { insertSorted, lowerBound, removeSorted } from "./sorted-ints.ts";

class Bucket {
  readonly members: number[] = [];
  /** The most any member has of the other resource; recomputed lazily after a removal. */
  #maxOther = 0;
  #stale = false;

  add(index: number, other: number): void {
    insertSorted(this.members, index);
    if (other > this.#maxOther) this.#maxOther = other;
  }

  remove(index: number, other: number): void {
    removeSorted(this.members, index);
    if (other >= this.#maxOther) this.#stale = true;
  }

  maxOther(otherOf: readonly number[]): number {
    if (this.#stale) {
      let max = 0;
      for (const index of this.members) if ((otherOf[index] as number) > max) max = otherOf[index] as number;
      this.#maxOther = max;
      this.#stale = false;
    }
    return this.#maxOther;
  }
}

const EMPTY: readonly number[] = [];

export class Buckets {
  /** Distinct amounts with at least one instance, ascending. */
  readonly amounts: number[] = [];
  readonly #buckets = new Map<number, Bucket>();
  /** Per instance index: its amount and its amount of the other resource (-1: not filed). */
  readonly #amountOf: number[] = [];
  readonly #otherOf: number[] = [];

  /** Files instance `index` under `amount`, moving it if it was elsewhere. */
  set(index: number, amount: number, other: number): void {
    const old = this.#amountOf[index] ?? -1;
    if (old === amount && this.#otherOf[index] === other) return;
    if (old !== -1) this.#remove(index, old);
    this.#amountOf[index] = amount;
    this.#otherOf[index] = other;
    let bucket = this.#buckets.get(amount);
    if (bucket === undefined) {
      this.#buckets.set(amount, (bucket = new Bucket()));
      insertSorted(this.amounts, amount);
    }
    bucket.add(index, other);
  }

  delete(index: number): void {
    const old = this.#amountOf[index] ?? -1;
    if (old === -1) return;
    this.#remove(index, old);
    this.#amountOf[index] = -1;
  }

  /** Instances with exactly `amount` left, by registration. */
  members(amount: number): readonly number[] {
    return this.#buckets.get(amount)?.members ?? EMPTY;
  }

  /** Whether some instance with exactly `amount` left has at least `otherNeed` of the other resource. */
  mayFit(amount: number, otherNeed: number): boolean {
    const bucket = this.#buckets.get(amount);
    return bucket !== undefined && bucket.maxOther(this.#otherOf) >= otherNeed;
  }

  /** Position in `amounts` of the smallest amount >= need. */
  firstFitting(need: number): number {
    return lowerBound(this.amounts, need);
  }

  #remove(index: number, amount: number): void {
    const bucket = this.#buckets.get(amount) as Bucket;
    bucket.remove(index, this.#otherOf[index] as number);
    if (bucket.members.length === 0) {
      this.#buckets.delete(amount);
      removeSorted(this.amounts, amount);
    }
  }
}
