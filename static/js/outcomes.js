/* The Outcomes page's charts, drawn with D3 (static/vendor/d3.min.js) from the JSON the page embeds
 * (#outcomes-data, search/views/outcomes_context.py): one chart per table, the table beside it
 * being the source of truth (the chart is aria-hidden).
 * - "line": the overturn rate per period, a point per period with a rate, and its 95% interval as a band;
 *   periods on a time axis, the line and band broken across periods with no decision
 * - "bars": one horizontal bar per group (its rate) with the 95% interval as a whisker; groups with
 *   too few decisions to say are drawn lighter
 * After drawing, each chart element says how many marks it drew: data-marks (points or bars).
 * The breakdown selects submit the form on change (the "Show" button does it without JavaScript).
 * "What the rationales say" ([data-phrases-url]) is filled in after the page is shown, from the
 * server-rendered fragment at that URL (search/views/outcomes_phrases.py); without JavaScript the
 * section keeps its link to the fragment's whole page. The section says where it is in
 * data-phrases-state: loading, done or failed.
 */
(function () {
  "use strict";

  var percent = function (v) { return (v * 100).toFixed(1) + "%"; };  // as the tables say it

  function rateMax(groups) {
    var top = d3.max(groups, function (g) { return g.high == null ? g.rate : g.high; }) || 0;
    return Math.min(1, Math.max(0.05, top * 1.08));
  }

  function svgIn(el, width, height) {
    d3.select(el).selectAll("svg").remove();
    return d3.select(el).append("svg")
      .attr("viewBox", "0 0 " + width + " " + height)
      .attr("width", width).attr("height", height)
      .attr("focusable", "false");
  }

  /* A period's place on the time axis: 2017 → 2017, "2017-Q3" → 2017.5; its step, a year or a quarter. */
  function when(label) {
    var m = /^(\d{4})(?:-Q([1-4]))?$/.exec(label);
    return m ? { at: +m[1] + (m[2] ? (m[2] - 1) / 4 : 0), step: m[2] ? 0.25 : 1 } : null;
  }

  /* The points with a rate, a gap marker between periods that are not next to each other (the line
   * and the band break there rather than bridging years with no decision). */
  function withGaps(points) {
    var out = [];
    points.forEach(function (p, i) {
      if (i && p.at - points[i - 1].at > p.step + 1e-9) out.push({ gap: true });
      out.push(p);
    });
    return out;
  }

  function drawLine(el, spec) {
    var groups = spec.groups.map(function (g, i) {
      var w = when(g.label) || { at: i, step: 1 };
      return Object.assign({ at: w.at, step: w.step }, g);
    });
    var width = Math.max(280, el.clientWidth || 560), height = 240;
    var m = { top: 12, right: 18, bottom: 30, left: 44 };
    var svg = svgIn(el, width, height);
    var span = d3.extent(groups, function (g) { return g.at; });
    var pad = groups.length ? groups[0].step / 2 : 0.5;
    var x = d3.scaleLinear().domain([span[0] - pad, span[1] + pad]).range([m.left, width - m.right]);
    var y = d3.scaleLinear().domain([0, rateMax(groups)]).nice().range([height - m.bottom, m.top]);
    var every = Math.ceil(groups.length / Math.max(2, Math.floor((width - m.left - m.right) / 64)));
    var ticks = groups.filter(function (_, i) { return i % every === 0; });
    svg.append("g").attr("class", "chart__axis").attr("transform", "translate(0," + (height - m.bottom) + ")")
      .call(d3.axisBottom(x).tickValues(ticks.map(function (g) { return g.at; }))
        .tickFormat(function (at) { return ticks.find(function (g) { return g.at === at; }).label; }));
    svg.append("g").attr("class", "chart__axis").attr("transform", "translate(" + m.left + ",0)")
      .call(d3.axisLeft(y).ticks(5, "%"));
    var rated = groups.filter(function (g) { return g.rate != null; });
    var banded = withGaps(rated.filter(function (g) { return g.low != null && g.high != null; }));
    var real = function (g) { return !g.gap; };
    svg.append("path").attr("class", "chart__band").datum(banded)
      .attr("d", d3.area().defined(real).x(function (g) { return x(g.at); })
        .y0(function (g) { return y(g.low); }).y1(function (g) { return y(g.high); }));
    svg.append("path").attr("class", "chart__line").datum(withGaps(rated))
      .attr("d", d3.line().defined(real).x(function (g) { return x(g.at); }).y(function (g) { return y(g.rate); }));
    svg.append("g").selectAll("circle").data(rated).join("circle")
      .attr("class", function (g) { return "chart__mark chart__point" + (g.small ? " is-small" : ""); })
      .attr("cx", function (g) { return x(g.at); }).attr("cy", function (g) { return y(g.rate); })
      .attr("r", 3.5)
      .append("title").text(function (g) { return g.label + ": " + percent(g.rate) + " overturned, " + g.decisions + " decisions"; });
    return rated.length;
  }

  function drawBars(el, spec) {
    var groups = spec.groups;
    var width = Math.max(280, el.clientWidth || 560), row = 22;
    var m = { top: 8, right: 48, bottom: 26, left: Math.min(200, Math.round(width * 0.38)) };
    var height = m.top + m.bottom + row * groups.length;
    var svg = svgIn(el, width, height);
    var x = d3.scaleLinear().domain([0, rateMax(groups)]).nice().range([m.left, width - m.right]);
    var y = d3.scaleBand().domain(groups.map(function (_, i) { return i; }))
      .range([m.top, height - m.bottom]).padding(0.25);
    svg.append("g").attr("class", "chart__axis").attr("transform", "translate(0," + (height - m.bottom) + ")")
      .call(d3.axisBottom(x).ticks(5, "%"));
    var maxChars = Math.floor(m.left / 7);
    svg.append("g").attr("class", "chart__labels").selectAll("text").data(groups).join("text")
      .attr("x", m.left - 6).attr("y", function (_, i) { return y(i) + y.bandwidth() / 2; })
      .attr("dy", "0.35em").attr("text-anchor", "end")
      .text(function (g) { return g.label.length > maxChars ? g.label.slice(0, maxChars - 1) + "…" : g.label; });
    var item = svg.append("g").selectAll("g").data(groups).join("g")
      .attr("class", function (g) { return "chart__group" + (g.small ? " is-small" : ""); })
      .attr("transform", function (_, i) { return "translate(0," + y(i) + ")"; });
    item.append("rect").attr("class", "chart__mark chart__bar")
      .attr("x", m.left).attr("y", 0).attr("height", y.bandwidth())
      .attr("width", function (g) { return g.rate == null ? 0 : Math.max(0, x(g.rate) - m.left); })
      .append("title").text(function (g) {
        return g.label + ": " + (g.rate == null ? "no decided decisions" : percent(g.rate) + " overturned") +
          ", " + g.decisions + " decisions" + (g.small ? " (too few to say)" : "");
      });
    var whiskered = item.filter(function (g) { return g.low != null && g.high != null; });
    var mid = y.bandwidth() / 2;
    whiskered.append("line").attr("class", "chart__whisker")
      .attr("x1", function (g) { return x(g.low); }).attr("x2", function (g) { return x(g.high); })
      .attr("y1", mid).attr("y2", mid);
    ["low", "high"].forEach(function (end) {
      whiskered.append("line").attr("class", "chart__whisker")
        .attr("x1", function (g) { return x(g[end]); }).attr("x2", function (g) { return x(g[end]); })
        .attr("y1", mid - 4).attr("y2", mid + 4);
    });
    return groups.length;
  }

  function drawAll() {
    var data = document.getElementById("outcomes-data");
    if (!data || typeof d3 === "undefined") return;
    var charts = JSON.parse(data.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = charts[el.getAttribute("data-chart")];
      if (!spec) return;
      var marks = spec.kind === "line" ? drawLine(el, spec) : drawBars(el, spec);
      el.setAttribute("data-marks", String(marks));
    });
  }

  /* The section's fragment, fetched once; "Reading the rationales..." meanwhile, a plain message (and
   * the link to the whole page) when it cannot be had. A redirect (to sign in) counts as a failure. */
  function loadPhrases() {
    var section = document.querySelector("[data-phrases-url]");
    if (!section || section.hasAttribute("data-phrases-state")) return;
    var body = section.querySelector(".js-phrases-body");
    var link = section.querySelector(".js-phrases-link");
    if (!body) return;
    var say = function (text, withLink) {
      var p = document.createElement("p");
      p.className = "phrases__status";
      p.textContent = text;
      if (withLink && link) {
        p.appendChild(document.createTextNode(" "));
        p.appendChild(link);
      }
      body.replaceChildren(p);
    };
    section.setAttribute("data-phrases-state", "loading");
    body.setAttribute("aria-busy", "true");
    say("Reading the rationales\u2026", false);
    fetch(section.getAttribute("data-phrases-url"), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        body.innerHTML = html;  // the portal's own fragment, escaped by its template
        section.setAttribute("data-phrases-state", "done");
      })
      .catch(function () {
        say("The rationales could not be read just now.", true);
        section.setAttribute("data-phrases-state", "failed");
      })
      .then(function () { body.removeAttribute("aria-busy"); });
  }

  function start() {
    drawAll();
    loadPhrases();
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(drawAll, 150);
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.classList && select.classList.contains("js-outcomes-auto") && select.form) select.form.submit();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
