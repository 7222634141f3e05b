/**
 * The page around a report: inline CSS, the charts' data as JSON blocks, the inline script. One
 * self-contained file: no fonts, styles, scripts or images from anywhere else.
 */
import type { ChartOutput } from "./charts/hover.ts";
import { escapeHtml, jsonForScript } from "./escape.ts";
import { INTERACT_SCRIPT } from "./interact.ts";

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; background: #f6f6f4; margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 24px 20px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
p.description { margin: 4px 0 12px; color: #333; white-space: pre-wrap; }
.meta { color: #555; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; }
.badge.pass { background: #d7f0e4; color: #05603a; }
.badge.fail { background: #fde2d6; color: #8a2c00; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin: 12px 0; }
.kpi { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; padding: 8px 10px; }
.kpi .label { color: #555; font-size: 12px; }
.kpi .value { font-size: 20px; font-weight: 600; }
.kpi .delta { font-size: 12px; color: #555; }
figure { background: #fff; border: 1px solid #e2e2e2; border-radius: 6px; margin: 12px 0; padding: 6px; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: #444; font-size: 13px; padding: 2px 6px 6px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f0f0ee; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.fail td { color: #8a2c00; }
.scroll { max-height: 420px; overflow: auto; border: 1px solid #e2e2e2; border-radius: 6px; }
select { font: inherit; padding: 2px 6px; }
.note { color: #555; font-size: 13px; }
.tooltip { position: absolute; pointer-events: none; background: rgba(255,255,255,.97); border: 1px solid #bbb; border-radius: 4px; padding: 6px 8px; font-size: 12px; box-shadow: 0 2px 6px rgba(0,0,0,.15); max-width: 360px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px; }
.hover-rule { stroke: #333; stroke-width: 1; stroke-dasharray: 2 2; }
.chosen td { background: #e7f3ec; }
`;

/** A chart in a figure with its caption; its data goes with it as a JSON block. */
export function figure(chart: ChartOutput, caption: string): string {
  const data = chart.hover ?? chart.grid;
  const block = data === undefined ? "" : `<script type="application/json" data-chart="${escapeHtml(data.id)}">${jsonForScript(data)}</script>`;
  const figcaption = caption === "" ? "" : `<figcaption>${escapeHtml(caption)}</figcaption>`;
  return `<figure>${chart.svg}${figcaption}${block}</figure>`;
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script>${INTERACT_SCRIPT}</script>
</body>
</html>
`;
}

/** A picker that shows the panel of its group named by the option picked (the page's script does): options as [value, label]. */
export function picker(group: string, options: readonly (readonly [string, string])[]): string {
  return `<select data-panels="${escapeHtml(group)}">${options.map(([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`).join("")}</select>`;
}

/** A table from rows of cells already escaped; `numeric` columns align right. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = [], rowClass?: (i: number) => string | undefined): string {
  const head = headers.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((cells, r) => {
      const cls = rowClass?.(r);
      return `<tr${cls === undefined ? "" : ` class="${cls}"`}>${cells.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ""}>${c}</td>`).join("")}</tr>`;
    })
    .join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
