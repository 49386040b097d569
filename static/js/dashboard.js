/* Dashboard charts. The figures come from <script type="application/json"> elements rendered with
   Django's json_script filter; this file holds no data and the pages hold no inline script, so a
   Content-Security-Policy without 'unsafe-inline' allows them. Chart.js is served from /static/vendor/. */
(function () {
  "use strict";
  var COLOURS = ["#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#9e9d24"];

  function colour(i) { return COLOURS[i % COLOURS.length]; }

  function percentAxis(axis) {
    return { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } }, axis: axis };
  }

  function config(kind, data) {
    var datasets = data.datasets.map(function (set, i) {
      return {
        label: set.label,
        data: set.data,
        backgroundColor: colour(i),
        borderColor: colour(i),
        spanGaps: true,
        tension: 0.2
      };
    });
    var common = { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } };
    if (kind === "line") {
      common.scales = { y: percentAxis("y") };
      common.plugins.tooltip = { callbacks: { label: function (c) { return c.dataset.label + "：" + c.formattedValue + "%"; } } };
      return { type: "line", data: { labels: data.labels, datasets: datasets }, options: common };
    }
    common.indexAxis = "y";
    if (kind === "stacked") {
      common.scales = { x: { stacked: true, beginAtZero: true }, y: { stacked: true } };
    } else {
      common.scales = { x: percentAxis("x") };
      common.plugins.tooltip = { callbacks: { label: function (c) { return c.dataset.label + "：" + c.formattedValue + "%"; } } };
    }
    return { type: "bar", data: { labels: data.labels, datasets: datasets }, options: common };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var kind = canvas.dataset.kind || "rates";
    var box = canvas.parentElement;
    // Horizontal bars grow with the number of groups so labels stay readable on a phone.
    if (kind !== "line") {
      var perGroup = kind === "stacked" ? 28 : 14 * data.datasets.length + 10;
      box.style.height = Math.max(220, 90 + data.labels.length * perGroup) + "px";
    } else {
      box.style.height = "320px";
    }
    canvas.chart = new window.Chart(canvas, config(kind, data));
  }

  document.querySelectorAll("canvas[data-source]").forEach(draw);
})();
