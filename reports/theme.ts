/**
 * Colours and sizes shared by every chart. The palette is Okabe and Ito's, chosen to stay
 * distinguishable with the common colour-vision deficiencies; the heat map uses viridis.
 */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"] as const;

/** The colour of the n-th series, cycling through the palette. */
export const colour = (n: number): string => PALETTE[n % PALETTE.length] as string;

export const MUTED = "#6b6b6b";
export const GRID = "#e4e4e4";
export const FAULT = "#D55E00";
export const DEPLOYMENT = "#0072B2";

/** Chart sizes in SVG units; the page scales them to its width. */
export const SIZE = { width: 880, height: 300, margin: { top: 58, right: 24, bottom: 58, left: 64 } } as const;

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
