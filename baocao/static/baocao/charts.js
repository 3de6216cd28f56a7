// Draws every <div data-vega-spec="…json…"> with vega-embed; the spec comes from the server.
// Expressions run in Vega's CSP-safe interpreter (vega-interpreter): the page's
// Content-Security-Policy allows no eval.
(function () {
  "use strict";
  // The menu's words (Save as SVG / PNG) in the page's language, from the page (#chart-words).
  function words() {
    const element = document.getElementById("chart-words");
    return element ? JSON.parse(element.textContent) : {};
  }
  function name(element, i18n) {
    // vega-embed's menu is a <details> whose <summary> holds only an icon: give it a name.
    element.querySelectorAll("summary").forEach(function (summary) {
      summary.setAttribute("aria-label", i18n.CLICK_TO_VIEW_ACTIONS || "Save the chart");
    });
  }
  function draw() {
    const i18n = words();
    document.querySelectorAll("[data-vega-spec]").forEach(function (element) {
      const spec = JSON.parse(element.dataset.vegaSpec);
      window.vegaEmbed(element, spec, {
        actions: { export: true, source: false, compiled: false, editor: false },
        renderer: "svg",
        ast: true,
        expr: window.vega.expressionInterpreter,
        formatLocale: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " đ"] },
        i18n: i18n
      }).then(function () { name(element, i18n); }).catch(function (error) { element.textContent = String(error); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); }
  else { draw(); }
})();
