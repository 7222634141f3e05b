/** A CSV cell as RFC 4180 quotes it: only when it holds a comma, quote or line break (as csv-stringify does). */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
