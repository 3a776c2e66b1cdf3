import { z } from "zod";

/**
 * Text the database can store. PostgreSQL refuses a NUL character in text (SQLSTATE 22021) and
 * in JSON (22P05), and a lone UTF-16 surrogate (half of a broken character) would be stored as
 * U+FFFD, changing the value silently. Both are refused at the door instead, naming the field.
 */

// With the `u` flag a well-formed surrogate pair is one code point, so only a lone half matches.
const loneSurrogate = /\p{Cs}/u;

/**
 * Why `text` cannot be stored, or undefined when it can.
 *
 * @example
 * unstorableText("Rossi"); // => undefined
 * unstorableText("a\u0000b"); // => "contains a NUL character (\\u0000); remove it"
 */
export function unstorableText(text: string): string | undefined {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000); remove it";
  if (loneSurrogate.test(text)) {
    return "contains a broken character (a lone UTF-16 surrogate); send the text as valid Unicode";
  }
  return undefined;
}

/**
 * The string schema of every text a client sends: a body field, a path or query parameter.
 * Chain further checks after it (`storedText().min(1)`), so that this one is reported first.
 *
 * @example
 * storedText().min(1).safeParse("a\u0000b").success; // => false
 */
export function storedText() {
  return z.string().check((context) => {
    const reason = unstorableText(context.value);
    if (reason) context.issues.push({ code: "custom", message: reason, input: context.value });
  });
}

/**
 * A check for a JSON value (e.g. a protocol document): every key and string in it can be
 * stored; the issue names the path of the first bad one.
 *
 * @example
 * z.record(z.string(), z.unknown()).check(checkStoredJson).safeParse({ arms: [{ code: "a\u0000" }] });
 * // issue at path ["arms", 0, "code"]
 */
export function checkStoredJson(context: z.core.ParsePayload<unknown>): void {
  const bad = firstUnstorable(context.value);
  if (bad) {
    context.issues.push({
      code: "custom",
      message: bad.reason,
      path: bad.path,
      input: context.value,
    });
  }
}

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

/**
 * Walks the value with a stack of its own, each step pointing to its parent instead of copying
 * its path, so that even a hostile nesting depth costs linear time and cannot overflow.
 */
function firstUnstorable(
  value: unknown,
): { path: (string | number)[]; reason: string } | undefined {
  const pending: Visit[] = [{ value }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const item = visit.value;
    if (typeof item === "string") {
      const reason = unstorableText(item);
      if (reason) return { path: pathOf(visit), reason };
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) {
        pending.push({ value: item[index], key: index, parent: visit });
      }
    } else if (typeof item === "object" && item !== null) {
      for (const [key, inner] of Object.entries(item).reverse()) {
        const reason = unstorableText(key);
        if (reason)
          return {
            path: pathOf({ value: inner, key, parent: visit }),
            reason: `the key ${reason}`,
          };
        pending.push({ value: inner, key, parent: visit });
      }
    }
  }
  return undefined;
}

function pathOf(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let step: Visit | undefined = visit; step?.key !== undefined; step = step.parent) {
    path.push(step.key);
  }
  return path.reverse();
}
