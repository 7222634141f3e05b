/**
 * Instances grouped by how much of one resource they have left: the distinct amounts in ascending
 * order, and for each the instances with exactly that much, by registration. Binpack asks for the
 * smallest amount that still fits: a binary search over the amounts, not a scan of instances.
 * Moving an instance costs O(log a + b) for a distinct amounts and b instances in its bucket.
 */
import { insertSorted, lowerBound, removeSorted } from "./sorted-ints.ts";

export class Buckets {
  /** Distinct amounts with at least one instance, ascending. */
  readonly amounts: number[] = [];
  readonly #members = new Map<number, number[]>();
  readonly #amountOf = new Map<number, number>();

  /** Files instance `index` under `amount`, moving it if it was elsewhere. */
  set(index: number, amount: number): void {
    const old = this.#amountOf.get(index);
    if (old === amount) return;
    if (old !== undefined) this.#remove(index, old);
    this.#amountOf.set(index, amount);
    let members = this.#members.get(amount);
    if (members === undefined) {
      this.#members.set(amount, (members = []));
      insertSorted(this.amounts, amount);
    }
    insertSorted(members, index);
  }

  delete(index: number): void {
    const old = this.#amountOf.get(index);
    if (old === undefined) return;
    this.#amountOf.delete(index);
    this.#remove(index, old);
  }

  /** Instances with exactly `amount` left, by registration. */
  members(amount: number): readonly number[] {
    return this.#members.get(amount) ?? [];
  }

  /** Position in `amounts` of the smallest amount >= need. */
  firstFitting(need: number): number {
    return lowerBound(this.amounts, need);
  }

  #remove(index: number, amount: number): void {
    const members = this.#members.get(amount) as number[];
    removeSorted(members, index);
    if (members.length === 0) {
      this.#members.delete(amount);
      removeSorted(this.amounts, amount);
    }
  }
}
