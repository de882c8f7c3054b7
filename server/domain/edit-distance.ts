/**
 * The number of single-character edits (insertions, deletions, substitutions, and swaps of two
 * neighbours: optimal string alignment) that turn `a` into `b`, for the editor's and the
 * server's "did you mean". Stops early: answers `limit + 1` as soon as the distance must exceed
 * `limit`, so comparing a word with many names stays cheap.
 *
 * @example
 * editDistance('dockerhb', 'dockerhub', 3); // 1
 * editDistance('imgae', 'image', 3); // 1 (a swap)
 * editDistance('tag', 'image_name', 2); // 3 (more than 2)
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  // Three rows: two back (for transpositions), the previous one, and the one being filled.
  let before = new Int32Array(width);
  let previous = new Int32Array(width);
  let current = new Int32Array(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
