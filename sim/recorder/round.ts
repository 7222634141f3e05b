/** `n` rounded to `digits` decimal places: summary values stay short and byte-identical. */
export const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;
