// gowest portal: small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // Leave empty form fields out of htmx requests, so pushed URLs stay short and shareable.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    if (!params || typeof params.keys !== "function") return;
    // Forms of repeated rows (a fund claim's loans) need their blanks to keep columns aligned.
    if (event.detail.elt && event.detail.elt.closest("[data-keep-empty]")) return;
    var empty = [];
    params.forEach(function (value, key) {
      if (value === "") empty.push(key);
    });
    empty.forEach(function (key) { params.delete(key); });
  });

  // Behaviour the pages ask for by data attribute: the Content-Security-Policy allows no
  // inline script or on…= handler.
  document.addEventListener("input", function (event) {
    var el = event.target;
    // A weight slider shows its value in the <output> just before it.
    if (el.matches && el.matches("input[data-mirror]") && el.previousElementSibling) {
      el.previousElementSibling.value = el.value;
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  // Chart tooltips are built as DOM from text nodes, never as HTML from data: a zone's name
  // is whatever its staff typed.
  function tipBox(title, rows) {
    var box = document.createElement("div");
    if (title) {
      var head = document.createElement("div");
      head.className = "tip-title";
      head.textContent = String(title);
      box.appendChild(head);
    }
    rows.forEach(function (row) {
      var line = document.createElement("div");
      var dot = document.createElement("span");
      dot.className = "tip-dot";
      if (typeof row.color === "string") dot.style.backgroundColor = row.color;
      line.appendChild(dot);
      line.appendChild(document.createTextNode(
        (row.label ? String(row.label) + "：" : "") + (row.value == null ? "" : String(row.value))));
      box.appendChild(line);
    });
    return box;
  }

  // Axis tooltips: the category, then one line per series that has a value there.
  function axisTip(params) {
    var ps = [].concat(params).filter(function (p) { return p.value !== "-" && p.value != null; });
    if (!ps.length) return "";
    return tipBox(ps[0].name, ps.map(function (p) {
      return { color: p.color, label: p.seriesName, value: p.value };
    }));
  }

  var REGION_COLOURS = {
    east: "#2f6fb5",
    central: "#d98b19",
    west: "#b4232a",
    northeast: "#2e8b62"
  };
  var REGION_NAMES = {
    zh: { east: "东部", central: "中部", west: "西部", northeast: "东北" },
    en: { east: "East", central: "Central", west: "West", northeast: "Northeast" }
  };

  function shortName(item, lang) {
    if (lang === "en") return item.name_en.replace(/\s*\(.*\)$/, "");
    return item.name_zh.replace(/(维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市)$/, "");
  }

  // The home page's bar chart: national ETDZs by province, one series per region.
  function drawProvinceChart(el) {
    if (!window.echarts) return;
    var lang = el.getAttribute("data-lang") === "en" ? "en" : "zh";
    fetch(el.getAttribute("data-src"), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        var items = data.items.filter(function (p) { return p.national_etdz > 0; });
        var names = items.map(function (p) { return shortName(p, lang); });
        var regions = ["east", "central", "west", "northeast"];
        var series = regions.map(function (region) {
          return {
            name: REGION_NAMES[lang][region],
            type: "bar",
            stack: "zones",
            barMaxWidth: 22,
            itemStyle: { color: REGION_COLOURS[region] },
            data: items.map(function (p) { return p.region === region ? p.national_etdz : "-"; })
          };
        });
        el.hidden = false;
        var horizontal = el.clientWidth < 640;
        var categoryAxis = {
          type: "category",
          data: names,
          inverse: horizontal,
          axisTick: { alignWithLabel: true },
          axisLabel: horizontal ? { interval: 0 } : { interval: 0, rotate: lang === "en" ? 45 : 40 }
        };
        var valueAxis = { type: "value", minInterval: 1 };
        var chart = window.echarts.init(el, null, { renderer: "svg" });
        chart.setOption({
          textStyle: { fontFamily: getComputedStyle(document.documentElement).fontFamily },
          tooltip: {
            trigger: "axis",
            axisPointer: { type: "shadow" },
            formatter: axisTip
          },
          legend: { top: 0 },
          grid: horizontal
            ? { left: 8, right: 24, top: 36, bottom: 8, containLabel: true }
            : { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
          xAxis: horizontal ? valueAxis : categoryAxis,
          yAxis: horizontal ? categoryAxis : valueAxis,
          series: series
        });
        window.addEventListener("resize", function () { chart.resize(); });
        var table = document.getElementById("province-table");
        if (table) table.open = false;
      })
      .catch(function () { el.hidden = true; });
  }

  var FACTOR_COLOURS = ["#2f6fb5", "#7a8b99", "#d98b19", "#2e8b62", "#6a4fb3", "#b4232a", "#1f9bb5"];

  function chartData(id) {
    var node = document.getElementById(id);
    if (!node || !node.textContent.trim()) return null;
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function fontFamily() {
    return getComputedStyle(document.documentElement).fontFamily;
  }

  // The location finder: each top zone's score as a stacked bar of its factors' shares
  // (weight share × index), so the bar's length is the score and its parts say why.
  function drawFindChart() {
    var el = document.getElementById("find-chart");
    var data = chartData("find-chart-data");
    if (!el || !data || !window.echarts || !data.zones.length) return;
    el.hidden = false;
    var existing = window.echarts.getInstanceByDom(el);
    if (existing) existing.dispose();
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      textStyle: { fontFamily: fontFamily() },
      color: FACTOR_COLOURS,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: axisTip },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: data.zones, inverse: true },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "score", barMaxWidth: 18, data: s.data };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawCompareChart() {
    var el = document.getElementById("compare-chart");
    var data = chartData("compare-chart-data");
    if (!el || !data || !window.echarts) return;
    el.hidden = false;
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      textStyle: { fontFamily: fontFamily() },
      tooltip: {
        formatter: function (p) {
          var values = Array.isArray(p.value) ? p.value : [];
          return tipBox(p.name, values.map(function (v, i) {
            return { color: p.color, label: data.indicator[i] && data.indicator[i].name, value: v };
          }));
        }
      },
      legend: { top: 0 },
      radar: { indicator: data.indicator, radius: "62%", center: ["50%", "56%"] },
      series: [{ type: "radar", data: data.series }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // Fund pools: each pool's disbursed, committed-not-disbursed and remaining as one stacked
  // bar (the bar's length is the pool); and committed and disbursed by province.
  function drawFundsCharts() {
    var data = chartData("funds-chart-data");
    if (!data || !window.echarts) return;
    var pools = document.getElementById("funds-pool-chart");
    if (pools && data.pools.length) {
      pools.hidden = false;
      var chart = window.echarts.init(pools, null, { renderer: "svg" });
      chart.setOption({
        textStyle: { fontFamily: fontFamily() },
        color: ["#2e8b62", "#d98b19", "#c9d3dd"],
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: axisTip },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "value", name: "元" },
        yAxis: { type: "category", data: data.pools, inverse: true },
        series: [
          { name: data.labels[0], type: "bar", stack: "pool", data: data.disbursed },
          { name: data.labels[1], type: "bar", stack: "pool", data: data.undisbursed },
          { name: data.labels[2], type: "bar", stack: "pool", data: data.remaining }
        ]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    var provinces = document.getElementById("funds-province-chart");
    if (provinces && data.provinces.length) {
      provinces.hidden = false;
      var byProvince = window.echarts.init(provinces, null, { renderer: "svg" });
      byProvince.setOption({
        textStyle: { fontFamily: fontFamily() },
        color: ["#2f6fb5", "#2e8b62"],
        tooltip: { trigger: "axis", formatter: axisTip },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.provinces },
        yAxis: { type: "value", name: "元" },
        series: [
          { name: data.labels[3], type: "bar", data: data.province_committed },
          { name: data.labels[0], type: "bar", data: data.province_disbursed }
        ]
      });
      window.addEventListener("resize", function () { byProvince.resize(); });
    }
  }

  // Wholesale prices: one product's series as a line.
  function drawPriceChart() {
    var el = document.getElementById("price-chart");
    var data = chartData("price-chart-data");
    if (!el || !data || !window.echarts || !data.dates.length) return;
    el.hidden = false;
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      textStyle: { fontFamily: fontFamily() },
      tooltip: { trigger: "axis", formatter: axisTip },
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.dates },
      yAxis: { type: "value", scale: true },
      series: [{ name: data.name, type: "line", showSymbol: false, data: data.prices }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // The price overview (loaded after the page): the national price index as a line.
  function drawPriceIndexChart() {
    var el = document.getElementById("price-index-chart");
    var data = chartData("price-index-data");
    if (!el || !data || !window.echarts || !data.months.length || el.dataset.drawn) return;
    el.hidden = false;
    el.dataset.drawn = "1";
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      textStyle: { fontFamily: fontFamily() },
      tooltip: { trigger: "axis", formatter: axisTip },
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", scale: true },
      series: [{ name: data.name, type: "line", data: data.index,
        markLine: { silent: true, symbol: "none", data: [{ yAxis: 100 }] } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // Logistics: the network on lon/lat axes, the chosen port's fastest and cheapest routes on top.
  function drawRouteChart() {
    var el = document.getElementById("route-chart");
    var data = chartData("route-chart-data");
    if (!el || !data || !window.echarts) return;
    el.hidden = false;
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    function net(name, lines, color, type) {
      return { name: name, type: "lines", coordinateSystem: "cartesian2d", polyline: false, silent: true,
        lineStyle: { color: color, width: 1.5, type: type, opacity: 0.6 },
        data: lines.map(function (l) { return { coords: l }; }) };
    }
    function route(name, points, color) {
      return { name: name, type: "lines", coordinateSystem: "cartesian2d", polyline: true, z: 5,
        lineStyle: { color: color, width: 4 }, data: points.length ? [{ coords: points }] : [] };
    }
    var series = [
      net(data.labels.rail, data.rail, "#6b7785", "solid"),
      net(data.labels.river, data.river, "#2f6fb5", "solid"),
      net(data.labels.road, data.road, "#b08a3e", "dashed"),
      route(data.labels.fastest, data.fastest, "#c0392b"),
      route(data.labels.cheapest, data.cheapest, "#2e8b62"),
      { name: data.labels.nodes, type: "scatter", symbolSize: 6, itemStyle: { color: "#34495e" },
        data: data.nodes, label: { show: true, formatter: function (p) { return p.value[2]; }, position: "right", fontSize: 10, color: "#555" } }
    ];
    if (data.zone) series.push({ name: data.zone[2], type: "effectScatter", symbolSize: 12, itemStyle: { color: "#c0392b" }, data: [data.zone], z: 6 });
    chart.setOption({
      textStyle: { fontFamily: fontFamily() },
      tooltip: { trigger: "item", formatter: function (p) {
        return tipBox(p.value && p.value[2] ? p.value[2] : p.seriesName, []);
      } },
      legend: { top: 0, data: [data.labels.fastest, data.labels.cheapest, data.labels.rail, data.labels.river, data.labels.road] },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 85, max: 127, name: "°E", splitLine: { show: false } },
      yAxis: { type: "value", min: 18, max: 47, name: "°N", splitLine: { show: false } },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // Programme targets: each target's figures by year (bars, with the yearly target as a
  // line) and by region (bars beside the region's target). Money is in 万元 here; the
  // tables under the charts carry the exact figures.
  function drawTargetCharts() {
    var data = chartData("targets-chart-data");
    if (!data || !window.echarts) return;
    // Unhide every container before drawing any: a chart sizes itself to its box, and a
    // box's width depends on its hidden neighbours in the grid.
    var boxes = [].filter.call(document.querySelectorAll("[data-target-chart]"), function (el) {
      return data[el.dataset.targetChart] && !el.dataset.drawn;
    });
    boxes.forEach(function (el) { el.hidden = false; });
    boxes.forEach(function (el) {
      var d = data[el.dataset.targetChart];
      var byYear = el.dataset.by === "year";
      var byProvince = el.dataset.by === "province";
      var series = byYear
        ? [{ name: d.labels[0], type: "bar", data: d.year_achieved }]
        : byProvince
          ? [{ name: d.region_label, type: "bar", data: d.province_values }]
          : [{ name: d.region_label, type: "bar", data: d.region_achieved },
             { name: d.labels[2], type: "bar", data: d.region_target }];
      if (byYear && d.companion_drawn) series.push({ name: d.labels[1], type: "bar", data: d.year_companion });
      if (byYear && d.year_target.some(function (v) { return v !== null; })) {
        series.push({ name: d.labels[2], type: "line", step: "middle", data: d.year_target });
      }
      el.dataset.drawn = "1";
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        textStyle: { fontFamily: fontFamily() },
        color: ["#2f6fb5", "#2e8b62", "#d98b19"],
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: axisTip },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: {
          type: "category",
          data: byYear ? d.years : byProvince ? d.provinces : d.regions,
          axisLabel: byProvince ? { interval: 0, rotate: 30 } : {}
        },
        yAxis: { type: "value", name: byYear ? d.unit : d.region_unit },
        series: series
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawRouteChart();
    drawPriceChart();
    drawFundsCharts();
    var chart = document.getElementById("province-chart");
    if (chart) drawProvinceChart(chart);
    drawFindChart();
    drawCompareChart();
    drawTargetCharts();
  });
  // Re-ranking swaps the results in place; draw the new chart.
  document.addEventListener("htmx:afterSettle", function () { drawFindChart(); drawPriceIndexChart(); });
})();
