// Offsets: the API counts characters as Unicode scalar values (code points); JavaScript
// strings index UTF-16 code units. `Offsets` converts one to the other for one text.

export class Offsets {
  constructor(text) {
    this.text = String(text ?? '');
    // u16[i] = UTF-16 index of code point i; u16[n] = text.length.
    const u16 = [];
    let i = 0;
    for (const ch of this.text) {
      u16.push(i);
      i += ch.length;
    }
    u16.push(i);
    this.u16 = u16;
    this.chars = u16.length - 1;
  }

  /** UTF-16 index of a code-point offset, clamped to the text. */
  at(cp) {
    const n = Number.isFinite(cp) ? Math.trunc(cp) : 0;
    return this.u16[Math.max(0, Math.min(n, this.chars))];
  }

  /** The UTF-16 [start, end) of a code-point span, or null when it is empty or malformed. */
  range(start, end) {
    if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
    const s = this.at(start);
    const e = this.at(end);
    return e > s ? [s, e] : null;
  }

  /** The text of a code-point span. */
  slice(start, end) {
    const r = this.range(start, end);
    return r ? this.text.slice(r[0], r[1]) : '';
  }
}

/**
 * Splits [0, length) at every span boundary and returns the pieces with the spans covering
 * each: [{start, end, spans: [...]}], in UTF-16 units. `spans` are {s, e, ...} in UTF-16.
 */
export function segment(length, spans) {
  const cuts = new Set([0, length]);
  for (const sp of spans) {
    cuts.add(sp.s);
    cuts.add(sp.e);
  }
  const points = [...cuts].filter((x) => x >= 0 && x <= length).sort((a, b) => a - b);
  // Sweep: spans sorted by start; active set maintained per piece.
  const byStart = [...spans].sort((a, b) => a.s - b.s || b.e - a.e);
  const pieces = [];
  let next = 0;
  let active = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    active = active.filter((sp) => sp.e > a);
    while (next < byStart.length && byStart[next].s <= a) {
      if (byStart[next].e > a) active.push(byStart[next]);
      next++;
    }
    pieces.push({ start: a, end: b, spans: active.slice() });
  }
  return pieces;
}
