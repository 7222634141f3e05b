/** Small builders for SVG text: every attribute value and text node goes through the escaper. */
import { escapeHtml } from "../escape.ts";
import { FONT } from "../theme.ts";

export type Attributes = Readonly<Record<string, string | number | undefined>>;

const attributes = (attrs: Attributes): string =>
  Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(v as string | number)}"`)
    .join("");

/** An element; `content` is SVG already built (escape text with `text`). */
export const el = (name: string, attrs: Attributes, content = ""): string => `<${name}${attributes(attrs)}>${content}</${name}>`;

/** An empty element. */
export const leaf = (name: string, attrs: Attributes): string => `<${name}${attributes(attrs)}/>`;

/** A text element with escaped content. */
export const text = (content: string, attrs: Attributes): string => el("text", attrs, escapeHtml(content));

/** A native tooltip for the enclosing element. */
export const title = (content: string): string => el("title", {}, escapeHtml(content));

/** The root element: a viewBox the page scales, an accessible name and role. */
export function svgRoot(width: number, height: number, label: string, attrs: Attributes, content: string): string {
  return el(
    "svg",
    { xmlns: "http://www.w3.org/2000/svg", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": label, "font-family": FONT, "font-size": 12, ...attrs },
    content,
  );
}

/** Rounds a coordinate to 0.1 unit: enough for any screen, and short. */
export const px = (n: number): number => Math.round(n * 10) / 10;
