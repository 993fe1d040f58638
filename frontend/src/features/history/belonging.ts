import type { Recognition } from "../../lib/api";

/**
 * What a past drawing belongs to: itself alone, or a written number, as its digit `digit`
 * (1 = leftmost, as people count). A number's digit is deleted only with its number.
 */
export type Belonging = { kind: "drawing"; id: number } | { kind: "number"; id: number; digit: number };

export function belonging(item: Pick<Recognition, "id" | "number" | "position">): Belonging {
  // The database gives a number's digit both a number and a position, a lone drawing neither.
  if (item.number === null || item.position === null) return { kind: "drawing", id: item.id };
  return { kind: "number", id: item.number, digit: item.position + 1 };
}
