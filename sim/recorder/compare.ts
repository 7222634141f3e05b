/** Orders names by UTF-16 code units, as a default sort does: the same order in every locale, so outputs stay byte-identical. */
export const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
