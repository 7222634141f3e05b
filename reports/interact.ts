/**
 * The page's only script, inlined: pickers that show one panel of a group, and the hover readout
 * of charts (nearest sample of a line or area chart, the cell of a heat map). It reads the JSON
 * blocks the charts left in the page (see charts/hover.ts) and needs nothing from the network.
 * Numbers go through the report's own formatter (format.ts), so a tooltip reads as a table does.
 */
import { NUMBER_FORMAT_SOURCE } from "./format.ts";

export const INTERACT_SCRIPT = String.raw`
(function () {
  "use strict";
  function clock(ms) {
    var out = [], rest = Math.round(ms), units = [[86400000, "d"], [3600000, "h"], [60000, "m"], [1000, "s"]];
    units.forEach(function (u) { if (rest >= u[0]) { out.push(Math.floor(rest / u[0]) + u[1]); rest %= u[0]; } });
    if (rest > 0 || out.length === 0) out.push(rest + "ms");
    return out.join(" ");
  }
  var formatNumber = ${NUMBER_FORMAT_SOURCE};
  function escape(s) { return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  var data = {};
  document.querySelectorAll("script[type='application/json'][data-chart]").forEach(function (node) {
    data[node.getAttribute("data-chart")] = JSON.parse(node.textContent);
  });
  var tip = document.createElement("div");
  tip.className = "tooltip";
  tip.hidden = true;
  document.body.appendChild(tip);

  // Pickers: a select whose value names the panel to show among its group.
  document.querySelectorAll("select[data-panels]").forEach(function (select) {
    function show() {
      document.querySelectorAll("[data-panel-group='" + select.getAttribute("data-panels") + "']").forEach(function (panel) {
        panel.hidden = panel.getAttribute("data-panel") !== select.value && select.value !== "*";
      });
    }
    select.addEventListener("change", show);
    show();
  });

  function place(event, html) {
    tip.innerHTML = html;
    tip.hidden = false;
    tip.style.left = Math.min(event.pageX + 14, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = event.pageY + 14 + "px";
  }
  document.querySelectorAll("svg[data-hover]").forEach(function (svg) {
    var d = data[svg.getAttribute("data-hover")];
    if (!d) return;
    var left = +svg.dataset.left, right = +svg.dataset.right, top = +svg.dataset.top, bottom = +svg.dataset.bottom;
    var t0 = +svg.dataset.t0, t1 = +svg.dataset.t1;
    var rule = document.createElementNS("http://www.w3.org/2000/svg", "line");
    rule.setAttribute("class", "hover-rule");
    rule.setAttribute("y1", top);
    rule.setAttribute("y2", bottom);
    rule.style.display = "none";
    svg.appendChild(rule);
    svg.addEventListener("pointerleave", function () { tip.hidden = true; rule.style.display = "none"; });
    svg.addEventListener("pointermove", function (event) {
      var box = svg.getBoundingClientRect();
      var scale = svg.viewBox.baseVal.width / box.width;
      var x = (event.clientX - box.left) * scale, y = (event.clientY - box.top) * scale;
      if (x < left || x > right || y < top || y > bottom) { tip.hidden = true; rule.style.display = "none"; return; }
      var t = t0 + ((x - left) / (right - left)) * (t1 - t0);
      if (d.cells) {
        var row = Math.floor((y - top) / +svg.dataset.rowHeight), column = Math.min(d.columns - 1, Math.floor(((x - left) / (right - left)) * d.columns));
        var value = d.cells[row] && d.cells[row][column];
        if (value === undefined) { tip.hidden = true; return; }
        place(event, "<b>" + escape(d.rows[row]) + "</b><br>" + clock(t) + "<br>" + (value < 0 ? "not registered" : formatNumber("percent", value) + " of memory reserved"));
        return;
      }
      var lo = 0, hi = d.t.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (d.t[mid] <= t) lo = mid; else hi = mid - 1; }
      var at = left + ((d.t[lo] - t0) / (t1 - t0)) * (right - left);
      rule.setAttribute("x1", at);
      rule.setAttribute("x2", at);
      rule.style.display = "";
      var lines = d.series.map(function (s) {
        return '<span class="swatch" style="background:' + s.colour + '"></span>' + escape(s.name) + ": <b>" + formatNumber(d.format, s.values[lo]) + "</b>";
      });
      place(event, "<b>" + clock(d.t[lo]) + "</b><br>" + lines.join("<br>"));
    });
  });
})();
`;
