/**
 * The dashboard's own script and style sheet, served as files of its origin (the
 * Content-Security-Policy allows no inline script or style). Kept in a module so that a build
 * (dist/) carries them with no copying step.
 */

/** Draws the Overview's plots with uPlot from the page's JSON data block (never executed). */
export const DASHBOARD_JS = String.raw`// The dashboard's plots: the Overview page's data is a JSON block (never executed), drawn with uPlot
// (served from node_modules by the bot itself). No inline script: the Content-Security-Policy forbids it.
(function () {
  'use strict';
  var block = document.getElementById('overview-data');
  if (!block || typeof uPlot === 'undefined') return;
  var data = JSON.parse(block.textContent || '{}');
  var days = data.days || [];
  var xs = days.map(function (d) { return Date.parse(d.day + 'T00:00:00Z') / 1000; });
  var col = function (k) { return days.map(function (d) { return d[k]; }); };
  var palette = ['#2f7d3b', '#d08a00', '#a61b1b', '#3366cc', '#7a3fb0', '#11808a', '#c2410c', '#4b5563'];
  function draw(id, series, values) {
    var el = document.getElementById(id);
    if (!el) return;
    var width = Math.max(320, el.clientWidth - 16);
    var opts = {
      width: width,
      height: 240,
      scales: { x: { time: true } },
      series: [{}].concat(series.map(function (s, i) { return { label: s, stroke: palette[i % palette.length], width: 2, points: { show: true, size: 4 } }; })),
      axes: [{}, { values: function (u, v) { return v.map(function (x) { return Number.isInteger(x) ? String(x) : ''; }); } }],
    };
    new uPlot(opts, [xs].concat(values), el);
    el.setAttribute('data-drawn', 'true');
  }
  draw('chart-questions', ['answered', 'did you mean', 'declined'], [col('answered'), col('suggested'), col('declined')]);
  draw('chart-feedback', ['helpful', 'not helpful'], [col('up'), col('down')]);
  var channels = [];
  (data.channels || []).forEach(function (r) { if (channels.indexOf(r.channel) < 0) channels.push(r.channel); });
  if (channels.length === 0) channels = ['all channels'];
  var perChannel = channels.map(function (c) {
    return days.map(function (d) {
      return (data.channels || []).filter(function (r) { return r.channel === c && r.day === d.day; }).reduce(function (n, r) { return n + r.quizzes + r.dailyPosts; }, 0);
    });
  });
  draw('chart-channels', channels.map(function (c) { return c + ' (quizzes + daily posts)'; }), perChannel);
})();
`;

export const DASHBOARD_CSS = String.raw`/* The dashboard's only style sheet (the Content-Security-Policy allows no inline style). */
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { display: flex; gap: 24px; align-items: center; padding: 10px 24px; background: #1d2330; color: #fff; }
header nav a { color: #cfd6e4; margin-right: 16px; text-decoration: none; }
header nav a[aria-current="page"] { color: #fff; border-bottom: 2px solid #6ea8fe; }
main { padding: 8px 24px 40px; max-width: 1200px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; } h3 { font-size: 15px; margin: 14px 0 6px; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: 6px 0 12px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e6eb; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
.muted { color: #6b7280; } .warn { color: #a61b1b; } .error { color: #a61b1b; } .warning { color: #8a5a00; }
.notice { background: #e7f5ea; border: 1px solid #a7d7b2; padding: 8px 12px; }
.group { background: #fff; border: 1px solid #e3e6eb; padding: 4px 12px 8px; margin: 10px 0; }
form.inline { display: inline; margin-right: 4px; }
button { font: inherit; padding: 3px 10px; border: 1px solid #9aa4b2; background: #fff; border-radius: 4px; cursor: pointer; }
button.accept { border-color: #2f7d3b; color: #1f5c29; } button.reject { border-color: #a61b1b; color: #a61b1b; }
form.try input { width: 60%; font: inherit; padding: 4px 6px; }
.chart { background: #fff; border: 1px solid #e3e6eb; padding: 8px; min-height: 260px; }
code { font-size: 12px; }
`;
