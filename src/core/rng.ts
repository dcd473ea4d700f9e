/**
 * Seeded pseudo-random numbers for the pure core.
 *
 * Generator: xoshiro128** (Blackman & Vigna), 4 × 32-bit words of state. All state
 * lives in one `Uint32Array` (4 words per stream) so that hot loops can copy it
 * into locals, draw inline and write it back: no closures, no objects per draw.
 *
 * Streams: every submodel owns a stream whose seed is derived from the scenario
 * seed and the *name* of the stream (not its position), so adding a submodel or a
 * policy never reshuffles the randomness of the others.
 */

/** Number of 32-bit words of state per stream. */
export const WORDS_PER_STREAM = 4;

/** FNV-1a 32-bit hash of a string: stable across platforms. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** SplitMix32 step: returns the next output for a running 32-bit counter. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** Fills the 4 words of stream `stream` from a 32-bit seed and a stream key. */
export function seedStream(state: Uint32Array, stream: number, seed: number, key: number): void {
  const o = stream * WORDS_PER_STREAM;
  let x = (seed ^ Math.imul(key, 0x27d4eb2d)) >>> 0;
  let any = 0;
  for (let i = 0; i < WORDS_PER_STREAM; i++) {
    x = splitmix32(x + i * 0x632be5ab);
    state[o + i] = x;
    any |= x;
  }
  // xoshiro must not start from the all-zero state.
  if (any === 0) state[o] = 1;
}

/** Named, independent streams over one Uint32Array. */
export interface RngStreams {
  readonly state: Uint32Array;
  readonly index: Readonly<Record<string, number>>;
}

/** Creates one stream per name; each name's stream depends only on (seed, name). */
export function createStreams(seed: number, names: readonly string[]): RngStreams {
  const state = new Uint32Array(names.length * WORDS_PER_STREAM);
  const index: Record<string, number> = {};
  names.forEach((name, i) => {
    index[name] = i;
    seedStream(state, i, seed >>> 0, hashString(name));
  });
  return { state, index };
}

/** Next 32-bit unsigned integer from stream `s` (xoshiro128**). */
export function nextU32(state: Uint32Array, s: number): number {
  const o = s * WORDS_PER_STREAM;
  const s0 = state[o];
  const s1 = state[o + 1];
  const s2 = state[o + 2] ^ s0;
  const s3 = state[o + 3] ^ s1;
  const x = Math.imul(s1, 5);
  const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
  const t = s1 << 9;
  state[o] = s0 ^ s3;
  state[o + 1] = s1 ^ s2;
  state[o + 2] = s2 ^ t;
  state[o + 3] = (s3 << 11) | (s3 >>> 21);
  return result;
}

/** Uniform float in [0, 1) with 32 bits of resolution. */
export function nextFloat(state: Uint32Array, s: number): number {
  return nextU32(state, s) / 4294967296;
}

/** Standard normal draw (Box–Muller; uses two uniforms, discards the second). */
export function nextNormal(state: Uint32Array, s: number): number {
  const u1 = (nextU32(state, s) + 1) / 4294967297;
  const u2 = nextFloat(state, s);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Binomial(n, p) draw. Exact inversion for small n·p, normal approximation with
 * continuity correction (clamped to [0, n]) when n·p·(1−p) is large. Deterministic
 * for a given stream state.
 */
export function nextBinomial(state: Uint32Array, s: number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  // Draw the rarer outcome: keeps q^n in the inversion from underflowing when p is near 1.
  if (p > 0.5) return n - nextBinomial(state, s, n, 1 - p);
  const mean = n * p;
  const variance = mean * (1 - p);
  if (variance > 25) {
    const k = Math.round(mean + Math.sqrt(variance) * nextNormal(state, s));
    return Math.min(n, Math.max(0, k));
  }
  if (n <= 64) {
    let k = 0;
    for (let i = 0; i < n; i++) if (nextFloat(state, s) < p) k++;
    return k;
  }
  // Inversion by sequential search over the pmf (mean is small here).
  const q = 1 - p;
  let pmf = q ** n;
  let cdf = pmf;
  const u = nextFloat(state, s);
  let k = 0;
  while (u > cdf && k < n) {
    pmf *= ((n - k) / (k + 1)) * (p / q);
    k++;
    cdf += pmf;
    if (pmf < 1e-300 && k > mean) break;
  }
  return k;
}
