/** "Did you mean" suggestions for misspelt keys, names and values in scenario files. */
import { closest, distance } from "fastest-levenshtein";

/**
 * The candidate closest to `word`, if close enough to be a likely typo: a case-only difference,
 * or an edit distance of at most max(2, a third of the word's length) that leaves some letters in
 * common (so "c" never suggests "a").
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const sameLetters = candidates.find((c) => c.toLowerCase() === word.toLowerCase());
  if (sameLetters !== undefined) return sameLetters;
  const best = closest(word, [...candidates]);
  const d = distance(word, best);
  return d <= Math.max(2, Math.floor(word.length / 3)) && d < Math.min(word.length, best.length) ? best : undefined;
}

/** ` (did you mean "x"?)` when a candidate is close to `word`, else "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = suggest(word, candidates);
  return best === undefined ? "" : ` (did you mean ${JSON.stringify(best)}?)`;
}
