// Draws every <div data-vega-spec="…json…"> with vega-embed; the spec comes from the server.
// Expressions run in Vega's CSP-safe interpreter (vega-interpreter): the page's
// Content-Security-Policy allows no eval.
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll("[data-vega-spec]").forEach(function (element) {
      const spec = JSON.parse(element.dataset.vegaSpec);
      window.vegaEmbed(element, spec, {
        actions: { export: true, source: false, compiled: false, editor: false },
        renderer: "svg",
        ast: true,
        expr: window.vega.expressionInterpreter,
        formatLocale: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " đ"] }
      }).catch(function (error) { element.textContent = String(error); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); }
  else { draw(); }
})();
