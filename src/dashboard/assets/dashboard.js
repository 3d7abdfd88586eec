// The dashboard's plots: the Overview page's data is a JSON block (never executed), drawn with uPlot
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
