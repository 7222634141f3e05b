// Named random streams derived from the run's seed. Each consumer (arrivals,
// faults, placement tie-breaks...) draws from its own stream, so adding draws in
// one place never shifts the numbers another place sees: runs stay comparable.

import seedrandom from "seedrandom";
import { SimError } from "./errors.ts";

/** A deterministic source of random numbers. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n); n a positive integer. */
  int(n: number): number;
  /** Uniformly chosen element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** `length` lowercase hex characters, e.g. for ids. */
  hex(length: number): string;
}

/** Where hex() writes its draws: one buffer for every stream, grown to the longest id asked for. */
let SCRATCH = Buffer.alloc(16);

// Above 2^32 the 32-bit draw of next() cannot reach every integer, so int()
// switches to the 53-bit draw.
const TWO_POW_32 = 0x100000000;

function makeRandom(prng: seedrandom.PRNG): Random {
  return {
    next: () => prng(),
    int(n: number): number {
      if (!(Number.isSafeInteger(n) && n > 0)) {
        throw new SimError(`Random.int(n) needs a positive integer n, got ${n}`, { n });
      }
      return Math.floor((n <= TWO_POW_32 ? prng() : prng.double()) * n);
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new SimError("Random.pick() needs at least one item");
      return items[Math.floor(prng() * items.length)] as T;
    },
    hex(length: number): string {
      if (!(Number.isSafeInteger(length) && length >= 0)) {
        throw new SimError(`Random.hex(length) needs an integer length >= 0, got ${length}`, { length });
      }
      // One 32-bit draw yields 8 hex characters (4 bytes, high first), written into a scratch
      // buffer and read as one flat string: ids are drawn by the thousand, and strings built by
      // concatenation are trees V8 has to flatten and collect later.
      const bytes = Math.ceil(length / 8) * 4;
      if (SCRATCH.length < bytes) SCRATCH = Buffer.alloc(bytes);
      for (let at = 0; at < bytes; at += 4) SCRATCH.writeInt32BE(prng.int32(), at);
      const out = SCRATCH.toString("hex", 0, bytes);
      return out.length === length ? out : out.slice(0, length);
    },
  };
}

/** The random streams of one run: one independent, named stream per consumer. */
export class RandomStreams {
  private readonly seed: number;
  private readonly streams = new Map<string, Random>();

  /** `seed` is the run's seed: same seed, same streams. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new SimError(`the random seed must be a finite number, got ${seed}`, { seed });
    this.seed = seed;
  }

  /** The stream called `name`, seeded from `${seed}/${name}`; the same object on every call. */
  stream(name: string): Random {
    let random = this.streams.get(name);
    if (random === undefined) {
      random = makeRandom(seedrandom.alea(`${this.seed}/${name}`));
      this.streams.set(name, random);
    }
    return random;
  }
}
