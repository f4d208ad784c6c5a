/**
 * Skip-ahead for the screen mirror (mirror-screen.mjs): when the mirror is behind, most of a flood
 * such as `yes` or a long build log can only scroll out of the scrollback before anyone asks for a
 * snapshot, so parsing it is wasted work that would hold the pty back. This finds how much of the
 * pending output can be left unparsed without changing any cell, line or cursor of the screen the
 * terminal shows once the rest is parsed.
 *
 * Why it is exact: "plain" output (printable text, CR, LF, TAB, BEL and SGR colour sequences) changes
 * nothing but the cells it prints on, the cursor and the current colours. Start from a CR inside a
 * plain run: from there the cursor's column evolves the same whatever came before. After at most
 * rows-1 more line feeds the cursor is on the bottom row either way, and after rows + scrollback
 * more, every line that existed when that happened has been scrolled out of the buffer. So when the
 * plain run after a CR holds 2 × rows + scrollback line feeds, everything before that CR can be
 * replaced by the colour sequences it contained (their net effect), plus `rows` line feeds that put
 * the cursor on the bottom row as the original would have. That holds only while the scroll region is
 * the whole screen and the parser is between sequences, which the caller checks.
 * tests/server/mirror-skip.test.ts compares random mixes of output against a full parse.
 */

const ESC = 0x1b
const BRACKET = 0x5b
const LETTER_M = 0x6d
const CR = 0x0d
const LF = 0x0a
const TAB = 0x09
const BEL = 0x07

/** A CSI sequence whose parameters are only digits, `;` and `:` and whose final byte is `m`: SGR. */
function sgrEnd(bytes, start, end) {
  if (start + 1 >= end || bytes[start + 1] !== BRACKET)
    return -1
  let i = start + 2
  while (i < end && ((bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] === 0x3b || bytes[i] === 0x3a))
    i++
  return i < end && bytes[i] === LETTER_M ? i + 1 : -1
}

/**
 * Length of the well-formed UTF-8 character at `start`, or 0. Code points below U+00A0 are refused:
 * U+0080 to U+009F are C1 controls, which the parser acts on.
 */
function utf8Length(bytes, start, end) {
  const lead = bytes[start]
  let length, min, low = 0x80, high = 0xbf
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2
    min = 0xa0
  }
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3
    if (lead === 0xe0)
      low = 0xa0
    if (lead === 0xed)
      high = 0x9f
  }
  else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4
    if (lead === 0xf0)
      low = 0x90
    if (lead === 0xf4)
      high = 0x8f
  }
  else {
    return 0
  }
  if (start + length > end || bytes[start + 1] < low || bytes[start + 1] > high)
    return 0
  for (let i = start + 2; i < start + length; i++) {
    if (bytes[i] < 0x80 || bytes[i] > 0xbf)
      return 0
  }
  if (length === 2 && (((lead & 0x1f) << 6) | (bytes[start + 1] & 0x3f)) < min)
    return 0
  return length
}

/** Whether any of the four bytes of `word` is outside printable ASCII (0x20-0x7E), bit tricks from
 * https://graphics.stanford.edu/~seander/bithacks.html#HasLessInWord and #HasMoreInWord. */
function hasNonPrintable(word) {
  return ((((word - 0x20202020) & ~word) | (word + 0x01010101) | word) & 0x80808080) !== 0
}

/**
 * The plain runs of `bytes` at both ends: `firstEnd`, where the run that starts at 0 ends, and
 * `lastStart`, where the last run starts. A non-plain byte starts a sequence that is stepped over
 * roughly (CSI to its final byte, OSC to BEL or ST, other ESC pairs): `lastStart` is only a hint for
 * where to split, and the caller checks the parser's state there. Printable ASCII is skipped four
 * bytes at a time, so a flood is scanned far faster than it could be parsed.
 */
export function scanPlainRuns(bytes) {
  const end = bytes.length
  const head = (4 - (bytes.byteOffset & 3)) & 3
  const words = end > head ? new Uint32Array(bytes.buffer, bytes.byteOffset + head, (end - head) >> 2) : new Uint32Array(0)
  let firstEnd = -1
  let lastStart = 0
  let i = 0
  while (i < end) {
    if (i >= head && ((i - head) & 3) === 0) {
      let word = (i - head) >> 2
      while (word < words.length && !hasNonPrintable(words[word]))
        word++
      i = Math.max(i, head + word * 4)
      if (i >= end)
        break
    }
    const b = bytes[i]
    if ((b >= 0x20 && b < 0x7f) || b === CR || b === LF || b === TAB || b === BEL) {
      i++
      continue
    }
    const next = b === ESC ? sgrEnd(bytes, i, end) : (b >= 0x80 ? i + utf8Length(bytes, i, end) : -1)
    if (next > i) {
      i = next
      continue
    }
    if (firstEnd < 0)
      firstEnd = i
    lastStart = sequenceEnd(bytes, i, end)
    i = lastStart
  }
  return { firstEnd: firstEnd < 0 ? end : firstEnd, lastStart }
}

/** Where the plain run that starts at 0 ends (the first byte that is not plain, or the end). */
export function plainRunEnd(bytes) {
  return scanPlainRuns(bytes).firstEnd
}

/** Roughly where the sequence or control at `start` ends. */
function sequenceEnd(bytes, start, end) {
  if (bytes[start] !== ESC || start + 1 >= end)
    return start + 1
  const kind = bytes[start + 1]
  let i = start + 2
  if (kind === BRACKET) {
    while (i < end && (bytes[i] < 0x40 || bytes[i] > 0x7e))
      i++
    return Math.min(i + 1, end)
  }
  if (kind === 0x5d) {
    while (i < end && bytes[i] !== BEL && !(bytes[i] === ESC && bytes[i + 1] === 0x5c))
      i++
    return Math.min(bytes[i] === BEL ? i + 1 : i + 2, end)
  }
  return start + 2
}

/** SGR 0 (or an empty first parameter) resets every attribute SGR can set: earlier ones no longer count. */
function isReset(bytes, start, end) {
  let i = start + 2
  while (i < end - 1 && bytes[i] === 0x30)
    i++
  return bytes[i] === 0x3b || i === end - 1
}

/** The SGR sequences in bytes[0, cut) that still count at `cut`, concatenated. */
function colourResidue(bytes, cut) {
  const spans = []
  for (let i = bytes.indexOf(ESC); i !== -1 && i < cut;) {
    const end = sgrEnd(bytes, i, cut)
    if (isReset(bytes, i, end))
      spans.length = 0
    spans.push([i, end])
    i = bytes.indexOf(ESC, end)
  }
  const residue = new Uint8Array(spans.reduce((sum, [start, end]) => sum + end - start, 0))
  let at = 0
  for (const [start, end] of spans) {
    residue.set(bytes.subarray(start, end), at)
    at += end - start
  }
  return residue
}

/**
 * How to parse `bytes` with less work and the same result, for a terminal of `rows` rows and
 * `scrollback` lines of scrollback whose parser is in its ground state and whose scroll region is
 * the whole screen: `{ cut, prefix }` means parse `prefix`, then bytes[cut...]. Undefined when
 * nothing can be skipped.
 */
export function planSkip(bytes, rows, scrollback, plainEnd = plainRunEnd(bytes)) {
  const needed = 2 * rows + scrollback
  // The needed-th line feed from the end of the run, then the last CR before it.
  // (A negative fromIndex would count from the end, so the search stops before reaching 0.)
  let feed = plainEnd
  for (let feeds = 0; feeds < needed; feeds++) {
    if (feed <= 1)
      return undefined
    feed = bytes.lastIndexOf(LF, feed - 1)
  }
  if (feed <= 1)
    return undefined
  const cut = bytes.lastIndexOf(CR, feed - 1)
  if (cut <= 0)
    return undefined
  const residue = colourResidue(bytes, cut)
  const prefix = new Uint8Array(residue.length + rows)
  prefix.set(residue)
  prefix.fill(LF, residue.length)
  // Worth it only when it saves more than it adds.
  return prefix.length < cut ? { cut, prefix } : undefined
}
