/*
 * smaa report charts: render every inlined Vega-Lite spec with the pinned local vega-embed bundle.
 *
 * Markup emitted by the report pipeline (one per chart):
 *   <figure class="smaa-chart" id="fig-<slug>">
 *     <div class="smaa-chart__canvas" role="img" aria-label="<description>"></div>
 *     <script type="application/json" class="smaa-chart__spec">{...vega-lite, "</" as "<\/"...}</script>
 *     <figcaption>...</figcaption>
 *   </figure>
 *
 * Charts are drawn as SVG (crisp in print, selectable text), never load anything over the network
 * (data is inlined; any attempt to load a URL is refused and shown as an error), and are drawn again
 * after mkdocs-material's instant navigation swaps the page body (document$ emits once per page).
 */
(function () {
  "use strict";

  var SPEC_SELECTOR = ".smaa-chart__spec";
  var views = [];

  // Instant navigation re-creates every <script> of the new page as a bare <script> without its
  // type attribute, so an inlined JSON spec would be executed as JavaScript (a SyntaxError) and lose
  // its class. Material parses fetched pages with DOMParser, so we turn each spec into an inert
  // <template> right after parsing, before material touches it.
  function neutraliseSpecs(doc) {
    var specs = doc.querySelectorAll("script" + SPEC_SELECTOR);
    for (var i = 0; i < specs.length; i++) {
      var holder = doc.createElement("template");
      holder.className = specs[i].className;
      holder.content.appendChild(doc.createTextNode(specs[i].textContent));
      specs[i].replaceWith(holder);
    }
  }

  var parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    var doc = parse.call(this, text, type);
    if (type === "text/html") neutraliseSpecs(doc);
    return doc;
  };

  function specText(el) {
    return el.tagName === "TEMPLATE" ? el.content.textContent : el.textContent;
  }

  // A single view (mark or layer) without an explicit width follows its container, so it fits a
  // phone and re-flows on resize. Composite charts keep the widths the pipeline chose.
  function fitWidth(spec) {
    var single = spec.mark !== undefined || spec.layer !== undefined;
    if (!single || spec.width !== undefined) return spec;
    // Vega-Lite then logs a harmless warning ("Dropping fit-y") for step heights; it cannot be
    // silenced through vega-embed, and it is a warning, not an error.
    spec.width = "container";
    return spec;
  }

  // Vega never wraps a title; on a narrow screen an action title would be cut off. Break a plain
  // title into lines that fit the canvas, estimating 0.62 em per bold character at 15 px.
  function wrapTitle(spec, width) {
    var title = spec.title;
    var text = typeof title === "string" ? title : title && typeof title.text === "string" ? title.text : null;
    if (!text || !width) return spec;
    var perLine = Math.max(12, Math.floor((width - 40) / (15 * 0.62)));
    if (text.length <= perLine) return spec;
    var lines = [""];
    text.split(/\s+/).forEach(function (word) {
      var last = lines[lines.length - 1];
      if (last && (last + " " + word).length > perLine) lines.push(word);
      else lines[lines.length - 1] = last ? last + " " + word : word;
    });
    spec.title = typeof title === "string" ? { text: lines } : Object.assign({}, title, { text: lines });
    return spec;
  }

  // Refuse every load: the pipeline inlines all data, so a URL in a spec is a bug or a leak.
  // Vega treats a failed load as a mere warning and draws an empty chart, so the refusal itself
  // marks the chart as failed. Hand-made, because the bundle publishes window.vega as null;
  // vega-embed accepts any object with a load() method as a loader.
  function offlineLoader(canvas) {
    function refuse(uri) {
      var err = new Error("smaa charts load nothing over the network; refused " + uri);
      showError(canvas, err);
      return Promise.reject(err);
    }
    return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
  }

  // Defaults only: the spec's own config (palette, titles) takes precedence inside Vega-Lite.
  var BASE_CONFIG = {
    font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    background: null,
    view: { stroke: null },
    axis: {
      labelColor: "#3c4858", labelFontSize: 12, titleColor: "#1f2a44", titleFontSize: 12,
      gridColor: "#e6e9ef", domainColor: "#9aa3b2", tickColor: "#9aa3b2",
    },
    legend: { labelFontSize: 12, titleFontSize: 12, labelColor: "#3c4858", titleColor: "#1f2a44" },
    header: { labelFontSize: 12, titleFontSize: 12 },
    title: { color: "#0b1f44", fontSize: 15, anchor: "start", offset: 12 },
  };

  function drawError(canvas, err) {
    var box = document.createElement("p");
    box.className = "smaa-chart__error";
    box.textContent = "This chart could not be drawn: " + (err && err.message ? err.message : err);
    canvas.replaceChildren(box);
  }

  // On a phone a centred x-axis title overflows a short axis and a right-hand legend eats the
  // plot: end-align the one and move the other below. Specs that set either keep their choice.
  var NARROW_PX = 520;
  function configFor(width) {
    if (!width || width >= NARROW_PX) return BASE_CONFIG;
    return Object.assign({}, BASE_CONFIG, {
      axisX: { titleAnchor: "end" },
      legend: Object.assign({}, BASE_CONFIG.legend, { orient: "bottom" }),
    });
  }

  function showError(canvas, err) {
    canvas.setAttribute("data-smaa-chart", "error");
    canvas.smaaError = err;
    drawError(canvas, err);
    var figure = canvas.closest(".smaa-chart");
    console.error("smaa chart", figure ? figure.id : "", err);
  }

  function render(figure) {
    var canvas = figure.querySelector(".smaa-chart__canvas");
    var source = figure.querySelector(SPEC_SELECTOR);
    if (!canvas || canvas.hasAttribute("data-smaa-chart")) return;
    canvas.setAttribute("data-smaa-chart", "pending");
    try {
      if (!source) throw new Error("the chart specification is missing");
      if (typeof window.vegaEmbed !== "function") throw new Error("the chart library did not load");
      var width = canvas.clientWidth;
      var spec = wrapTitle(fitWidth(JSON.parse(specText(source))), width);
      var options = {
        renderer: "svg",
        actions: false,
        config: configFor(width),
        loader: offlineLoader(canvas),
        // Vega compiles expressions with Function(), which a Content-Security-Policy without 'unsafe-eval'
        // refuses. With `ast`, vega-embed hands Vega the expression trees and the interpreter bundled in
        // vega-embed.min.js (vega-interpreter) evaluates them instead: no eval, same drawing.
        ast: true,
      };
      window.vegaEmbed(canvas, spec, options).then(function (result) {
        // A load refused while Vega parsed the spec happened before Vega put its SVG in the
        // canvas: drop the half-drawn view and put the message back.
        if (canvas.getAttribute("data-smaa-chart") === "error") {
          result.finalize();
          return drawError(canvas, canvas.smaaError);
        }
        canvas.setAttribute("data-smaa-chart", "drawn");
        views.push({ canvas: canvas, result: result });
      }).catch(function (err) { showError(canvas, err); });
    } catch (err) {
      showError(canvas, err);
    }
  }

  // Views of a page we navigated away from still hold resize listeners; release them.
  function releaseDetached() {
    views = views.filter(function (v) {
      if (document.contains(v.canvas)) return true;
      v.result.finalize();
      return false;
    });
  }

  function renderAll() {
    releaseDetached();
    var figures = document.querySelectorAll("figure.smaa-chart");
    for (var i = 0; i < figures.length; i++) render(figures[i]);
  }

  // document$ is mkdocs-material's observable of the current document; it emits for the first page
  // and after every instant navigation. On file:// material disables instant navigation and, with
  // it, completes document$ before it ever emits, so also render once the DOM is ready; render()
  // skips charts already drawn, so the second call is harmless.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderAll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
