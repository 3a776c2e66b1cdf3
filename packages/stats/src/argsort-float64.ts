/**
 * The permutation that sorts a Float64Array ascending, stable, in linear time.
 *
 * Method: least-significant-digit radix sort on the IEEE-754 bit pattern, 16 bits per pass.
 * A double's bits order like an unsigned integer once negative numbers have all bits flipped
 * and non-negative numbers have the sign bit flipped, so four counting passes sort 64-bit keys.
 * A pass whose digit is the same for every value is skipped: integer-valued times (days) leave
 * the low 32 bits zero, so they usually sort in two passes.
 *
 * Why not `Array.prototype.sort` with a comparator: at 1e6 survival times a comparator argsort
 * takes about 0.8 s, eight times a native `Float64Array.sort`; this takes a fraction of that.
 *
 * Complexity: O(n) time (at most 4 passes), O(n) extra memory. Small inputs use insertion sort.
 * Edge cases: −0 sorts before +0; NaN must be rejected by the caller (it would sort last or first
 * depending on its sign bit).
 *
 * @example
 * argsortFloat64(Float64Array.of(3, 1, 2)); // => Int32Array [1, 2, 0]
 */
export function argsortFloat64(values: Float64Array): Int32Array {
  const n = values.length;
  if (n <= 32) return insertionArgsort(values);
  const keys = sortableKeys(values);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let scratch = new Int32Array(n);
  const counts = new Int32Array(65536);
  // word 0 = low 32 bits, word 1 = high 32 bits; shift 0 = low 16 bits of the word.
  for (const [word, shift] of [
    [0, 0],
    [0, 16],
    [1, 0],
    [1, 16],
  ] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[2 * i + word] >>> shift) & 0xffff]++;
    if (counts[(keys[word] >>> shift) & 0xffff] === n) continue; // every value has this digit
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i];
      scratch[counts[(keys[2 * row + word] >>> shift) & 0xffff]++] = row;
    }
    const swap = order;
    order = scratch;
    scratch = swap;
  }
  return order;
}

/** Bit patterns as little-endian pairs of unsigned words, transformed to sort as unsigned. */
function sortableKeys(values: Float64Array): Uint32Array {
  const keys = new Uint32Array(new Float64Array(values).buffer);
  // The typed-array views use the platform's byte order; every current JS engine is little-endian.
  for (let i = 0; i < values.length; i++) {
    const high = keys[2 * i + 1];
    if (high & 0x80000000) {
      keys[2 * i + 1] = ~high >>> 0;
      keys[2 * i] = ~keys[2 * i] >>> 0;
    } else {
      keys[2 * i + 1] = (high | 0x80000000) >>> 0;
    }
  }
  return keys;
}

function insertionArgsort(values: Float64Array): Int32Array {
  const order = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let j = i;
    while (j > 0 && values[order[j - 1]] > values[i]) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  return order;
}
