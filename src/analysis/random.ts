/**
 * Seeded random numbers for the analysis toolkit.
 *
 * Every sampler and every bootstrap in this folder takes a `Random` explicitly
 * instead of reaching for `Math.random`, so that an experiment design or a
 * confidence interval is a pure function of its inputs and its seed: the same
 * seed gives bit-identical output on every platform (Node or browser).
 *
 * The interface is deliberately tiny (`next()` only) so callers can plug in any
 * generator they already use; `createRandom` provides a good default.
 */

import { nextU32 } from "../core/rng.ts";

/** A source of uniform random numbers in [0, 1). */
export interface Random {
  /** Returns a uniform number in [0, 1); never 1. */
  next(): number;
}

const TWO_POW_26 = 67108864;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, period 2^128 − 1,
 * passes BigCrush, and needs only 32-bit integer arithmetic, which JavaScript
 * does exactly through `Math.imul` and the bitwise operators.
 *
 * The state lives in a `Uint32Array` so that every write is truncated to
 * 32 bits by the array itself.
 */
export class Xoshiro128StarStar implements Random {
  private readonly s: Uint32Array;

  /** @param state four 32-bit words, not all zero (copied). */
  constructor(state: ArrayLike<number>) {
    if (state.length !== 4) throw new RangeError("xoshiro128** needs exactly 4 words of state");
    this.s = Uint32Array.from(state);
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) {
      // The all-zero state is a fixed point of the generator: it would output 0 forever.
      throw new RangeError("xoshiro128** state must not be all zero");
    }
  }

  /** Next raw 32-bit output, as an unsigned integer (the engine's xoshiro128** step). */
  nextUint32(): number {
    return nextU32(this.s, 0);
  }

  /**
   * Uniform double in [0, 1) with the full 53 bits of mantissa, built from two
   * outputs. 32-bit resolution would be enough for most sampling, but inverse
   * CDFs (normal, lognormal) reach further into the tails with 53 bits, and
   * the upper bits of xoshiro128** are its best ones, so we take those.
   */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  /** A copy of the current state (for checkpointing or tests). */
  state(): Uint32Array {
    return Uint32Array.from(this.s);
  }
}

/**
 * SplitMix32-style generator used only to expand a seed into xoshiro state:
 * a Weyl sequence (golden-ratio increment) passed through a strong 32-bit
 * integer mixer, so that nearby seeds (0, 1, 2, ...) give unrelated states.
 */
function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a ^ (a >>> 16);
    z = Math.imul(z, 0x21f0aaad);
    z ^= z >>> 15;
    z = Math.imul(z, 0x735a2d97);
    z ^= z >>> 15;
    return z >>> 0;
  };
}

/**
 * Creates a deterministic xoshiro128** generator from an integer seed.
 *
 * Seeds are integers in the safe range (negative allowed). The low 32 bits
 * seed a splitmix32 stream that fills the four state words; when the seed does
 * not fit in 32 bits its high word perturbs the state through a second stream,
 * so `2**32 + 1` and `1` give different generators.
 */
export function createRandom(seed: number): Xoshiro128StarStar {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${seed}`);
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_POW_32) >>> 0;
  const state = new Uint32Array(4);
  const low = splitmix32(lo);
  for (let i = 0; i < 4; i++) state[i] = low();
  if (hi !== 0) {
    const high = splitmix32(hi ^ 0x6a09e667);
    for (let i = 0; i < 4; i++) state[i] ^= high();
  }
  // Vanishingly unlikely, but the all-zero state must be avoided.
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return new Xoshiro128StarStar(state);
}

/** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32 (n integer). */
export function randomInt(random: Random, n: number): number {
  const k = Math.floor(random.next() * n);
  // Guards against a caller-supplied generator that returns exactly 1.
  return k < n ? k : n - 1;
}

/** Uniform unsigned 32-bit integer, from any `Random`. */
export function randomUint32(random: Random): number {
  return randomInt(random, TWO_POW_32) >>> 0;
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(
  random: Random,
  array: T,
): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}

/** The identity permutation 0..n-1 shuffled uniformly at random. */
export function randomPermutation(random: Random, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return shuffleInPlace(random, p);
}
