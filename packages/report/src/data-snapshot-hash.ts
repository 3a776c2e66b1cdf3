/** Records per digested chunk: keeps every string far below V8's length limit at any cohort size. */
const chunkRecords = 20_000;

/**
 * SHA-256 (hex) of the records an analysis used, in a canonical form, so that two stores holding
 * the same records give the same hash whatever order they return rows (or keys) in, and any
 * changed, added or removed value changes it:
 * - each kind's records are put in an order that depends on their content only
 *   (`recordOrder`): by subject, then by a 32-bit key mixed from all their values, then, for the
 *   rare records with equal keys, by their JSON text with sorted keys; identical records are
 *   interchangeable, so the order is unique;
 * - each kind is written in chunks of 20,000 records in that order (`canonicalChunks`), column by
 *   column, and each chunk is digested; the hash is SHA-256 of the chunk digests in order, kinds
 *   by name.
 * The 32-bit key only orders the records: every value goes through SHA-256 in full, so a key
 * collision costs a tie-break, never a wrong hash. Uses Web Crypto, which both Node 20 and
 * browsers provide.
 *
 * Complexity: linear in the size of the records, plus a sort of each subject's records (n log n
 * on numbers). Ordering by subject first keeps the reads of a store's rows (which come grouped
 * by subject) close together in memory; an order by hash alone scatters them and was five times
 * slower at 10,000 subjects.
 *
 * @example
 * await dataSnapshotHash({ subjects: [{ subjectId: "PI-001", arm: "treated" }] }); // => "5c…" (64 hex digits)
 */
export async function dataSnapshotHash(
  records: Record<string, readonly unknown[]>,
): Promise<string> {
  // Digests run off the main thread: keep a few in flight while the next chunk is written.
  const pending: Promise<Uint8Array<ArrayBuffer>>[] = [];
  const digests: Uint8Array<ArrayBuffer>[] = [];
  for (const kind of Object.keys(records).sort())
    for (const chunk of canonicalChunks(kind, records[kind])) {
      pending.push(sha256(chunk));
      if (pending.length - digests.length > 4) digests.push(await pending[digests.length]);
    }
  digests.push(...(await Promise.all(pending.slice(digests.length))));
  const joined = new Uint8Array(digests.length * 32);
  for (const [i, digest] of digests.entries()) joined.set(digest, i * 32);
  return Array.from(await sha256(joined), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

type Row = Record<string, unknown>;

/**
 * The canonical text of one kind of record, chunk by chunk (at least one chunk, so that an empty
 * kind differs from an absent one). A chunk is the kind's name in JSON and a newline, then one
 * line per column (the sorted union of the kind's keys):
 *
 *     "key"<tab>[positions in the chunk where the record lacks the key]<tab>[the other records' values]
 *
 * Values are JSON, objects inside them with their keys sorted at every depth. JSON escapes tabs
 * and newlines, so the text reads back into exactly one list of records: the encoding loses
 * nothing. A key holding `undefined` (or a function) counts as absent, as in JSON.
 *
 * @example
 * [...canonicalChunks("subjects", [{ subjectId: "PI-002", arm: "control" }, { arm: "treated" }])];
 * // => ['"subjects"\n"arm"\t[]\t["treated","control"]\n"subjectId"\t[0]\t["PI-002"]\n'] (order by content)
 */
export function* canonicalChunks(kind: string, records: readonly unknown[]): Generator<string> {
  const columns = new ColumnIndex(columnKeys(kind, records));
  const rows = records as readonly Row[];
  const order = recordOrder(rows, columns);
  const header = `${JSON.stringify(kind)}\n`;
  for (let from = 0; from === 0 || from < order.length; from += chunkRecords)
    yield header + columnLines(rows, order.subarray(from, from + chunkRecords), columns);
}

/**
 * The sorted union of the records' own keys. Records of one source share their keys, so a
 * record whose keys (in for-in order) repeat the last ones seen adds nothing and is not copied.
 */
function columnKeys(kind: string, records: readonly unknown[]): string[] {
  const keys = new Set<string>();
  let known: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record === null || typeof record !== "object" || Array.isArray(record))
      throw new TypeError(`${kind}[${i}] is not a record (an object of named values)`);
    let seen = 0;
    let same = true;
    for (const key in record)
      if (key !== known[seen++]) {
        same = false;
        break;
      }
    if (same && seen === known.length) continue;
    known = Object.keys(record);
    for (const key of known) keys.add(key);
  }
  return [...keys].sort();
}

/**
 * The column of each key, for reading records row by row with for-in (several times faster
 * than reading one key of every record, whose lookups V8 cannot cache). Records of one shape
 * enumerate their keys in the same order, so the columns of the last record are remembered by
 * place and a Map is asked only when the shape changes.
 */
class ColumnIndex {
  readonly byKey: Map<string, number>;
  private readonly lastKeys: string[] = [];
  private readonly lastColumns: number[] = [];

  constructor(readonly keys: string[]) {
    this.byKey = new Map(keys.map((key, column) => [key, column]));
  }

  /** The column of the `place`-th key a record enumerates; −1 for a key that is not its own. */
  of(key: string, place: number): number {
    if (this.lastKeys[place] === key) return this.lastColumns[place];
    const column = this.byKey.get(key) ?? -1;
    this.lastKeys[place] = key;
    this.lastColumns[place] = column;
    return column;
  }
}

/**
 * A chunk's column lines: for each key that some record of the chunk holds (a key no record of
 * the chunk holds gets no line), the positions where it is absent and the values.
 */
function columnLines(rows: readonly Row[], chunk: Uint32Array, columns: ColumnIndex): string {
  const width = columns.keys.length;
  const values: unknown[][] = Array.from({ length: width }, () => []);
  const absent: number[][] = Array.from({ length: width }, () => []);
  const heldBy = new Int32Array(width).fill(-1);
  for (let i = 0; i < chunk.length; i++) {
    const row = rows[chunk[i]];
    let held = 0;
    let place = 0;
    for (const key in row) {
      const column = columns.of(key, place++);
      const value = row[key];
      if (column < 0 || isAbsent(value)) continue;
      values[column].push(value !== null && typeof value === "object" ? sortedKeys(value) : value);
      heldBy[column] = i;
      held++;
    }
    if (held < width) for (let c = 0; c < width; c++) if (heldBy[c] !== i) absent[c].push(i);
  }
  let text = "";
  for (let c = 0; c < width; c++)
    if (values[c].length > 0)
      text += `${JSON.stringify(columns.keys[c])}\t${JSON.stringify(absent[c])}\t${JSON.stringify(values[c])}\n`;
  return text;
}

/** As in a JSON object: `undefined`, functions and symbols are left out. */
function isAbsent(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/**
 * A value as JSON sees it (after `toJSON`, as for dates), objects copied with their keys in
 * sorted order at every depth, so that JSON.stringify writes them canonically.
 */
function sortedKeys(value: unknown): unknown {
  const plain =
    value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function"
      ? (value as { toJSON: () => unknown }).toJSON()
      : value;
  if (plain === null || typeof plain !== "object") return plain;
  if (Array.isArray(plain)) return plain.map(sortedKeys);
  const copy: Row = {};
  for (const key of Object.keys(plain).sort()) {
    const member = (plain as Row)[key];
    if (!isAbsent(member)) copy[key] = sortedKeys(member);
  }
  return copy;
}

/**
 * The canonical order of a kind's records, as positions: grouped by `subjectId` (a string, else
 * ""), subjects in code-unit order; within a subject, ascending by a 32-bit key mixed from every
 * value (`contentKeys`); equal keys by the record's JSON text with sorted keys.
 */
function recordOrder(rows: readonly Row[], columns: ColumnIndex): Uint32Array {
  const content = contentKeys(rows, columns);
  const { order, groupEnds } = bySubject(rows);
  const scratch = new Float64Array(0x10_0000);
  let start = 0;
  for (const end of groupEnds) {
    sortByContent(order.subarray(start, end), content, rows, scratch);
    start = end;
  }
  return order;
}

/**
 * Positions grouped by subject (subjects in code-unit order), in input order within each: a
 * counting sort. `groupEnds` are where each subject's positions end.
 */
function bySubject(rows: readonly Row[]): { order: Uint32Array; groupEnds: Uint32Array } {
  const subjects = new Array<string>(rows.length);
  const rankOf = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const subject = rows[i].subjectId;
    subjects[i] = typeof subject === "string" ? subject : "";
    rankOf.set(subjects[i], 0);
  }
  const sorted = [...rankOf.keys()].sort();
  for (const [rank, subject] of sorted.entries()) rankOf.set(subject, rank);
  const ranks = new Uint32Array(rows.length);
  const groupEnds = new Uint32Array(sorted.length);
  for (let i = 0; i < rows.length; i++) {
    ranks[i] = rankOf.get(subjects[i]) as number;
    groupEnds[ranks[i]]++;
  }
  for (let r = 1; r < groupEnds.length; r++) groupEnds[r] += groupEnds[r - 1];
  const next = new Uint32Array(sorted.length);
  for (let r = 1; r < next.length; r++) next[r] = groupEnds[r - 1];
  const order = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) order[next[ranks[i]]++] = i;
  return { order, groupEnds };
}

/** Local positions fit below this in a packed sort value (key · 2²¹ + position < 2⁵³). */
const positionLimit = 0x20_0000;

/**
 * Sorts one subject's positions by content key, in place: each becomes the number
 * key · 2²¹ + its place in the group, so that the engine's numeric sort of a Float64Array does
 * the work; runs of equal keys are then put in order by their canonical JSON text.
 */
function sortByContent(
  group: Uint32Array,
  content: Uint32Array,
  rows: readonly Row[],
  scratch: Float64Array,
): void {
  if (group.length < 2) return;
  const original = group.slice();
  if (group.length >= positionLimit) {
    original.sort((a, b) => content[a] - content[b]);
    group.set(original);
  } else {
    const packed =
      group.length <= scratch.length
        ? scratch.subarray(0, group.length)
        : new Float64Array(group.length);
    for (let i = 0; i < group.length; i++) packed[i] = content[group[i]] * positionLimit + i;
    packed.sort();
    for (let i = 0; i < group.length; i++) group[i] = original[packed[i] % positionLimit];
  }
  for (let start = 0; start < group.length; ) {
    let end = start + 1;
    while (end < group.length && content[group[end]] === content[group[start]]) end++;
    if (end - start > 1) byText(group.subarray(start, end), rows);
    start = end;
  }
}

/** Records whose content keys are equal, in the order of their canonical JSON text. */
function byText(run: Uint32Array, rows: readonly Row[]): void {
  const texts = Array.from(run, (position) => ({
    position,
    text: JSON.stringify(sortedKeys(rows[position])),
  }));
  texts.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  for (const [i, { position }] of texts.entries()) run[i] = position;
}

const numberBits = new Float64Array(1);
const numberWords = new Uint32Array(numberBits.buffer);

/**
 * A 32-bit key per record: the sum of a key for each value it holds, mixed from the value's
 * column, type and content, so that equal records give equal keys whatever their key order.
 */
function contentKeys(rows: readonly Row[], columns: ColumnIndex): Uint32Array {
  const content = new Uint32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let sum = 0;
    let place = 0;
    for (const key in row) {
      const column = columns.of(key, place++);
      const value = row[key];
      if (column >= 0 && !isAbsent(value)) sum = (sum + valueKey(column, value)) | 0;
    }
    content[i] = sum >>> 0;
  }
  return content;
}

/**
 * A 32-bit key of one value in one column: its column, a type tag, then its UTF-16 code units
 * or its number's bits, through two multiply-xor lanes as in cyrb53. Values JSON writes alike
 * get the same key: -0 and 0; NaN, ±Infinity and null; a date and its ISO text.
 */
function valueKey(column: number, raw: unknown): number {
  const value = raw !== null && typeof raw === "object" ? sortedKeys(raw) : raw;
  let h1 = Math.imul(0x9e3779b9 ^ column, 2654435761);
  let h2 = Math.imul(0x85ebca6b ^ column, 1597334677);
  let text = "";
  let tag = 6; // null, and the numbers JSON writes as null
  if (typeof value === "string") {
    text = value;
    tag = 1;
  } else if (typeof value === "number" && Number.isFinite(value)) {
    numberBits[0] = value === 0 ? 0 : value;
    h1 = Math.imul(h1 ^ numberWords[0], 2654435761);
    h2 = Math.imul(h2 ^ numberWords[1], 1597334677);
    tag = 2;
  } else if (typeof value === "boolean") tag = value ? 3 : 4;
  else if (value !== null && typeof value === "object") {
    text = JSON.stringify(value);
    tag = 7;
  }
  h1 = Math.imul(h1 ^ tag, 2654435761);
  h2 = Math.imul(h2 ^ tag, 1597334677);
  for (let j = 0; j < text.length; j++) {
    const unit = text.charCodeAt(j);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  return Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
}

async function sha256(data: string | Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", bytes));
}
