// A file input in Vietnamese: the browser's own button ("Choose file / No file chosen") is hidden
// behind a labelled button of ours; the chosen file's name is written beside it.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") { return; }
    const shown = document.querySelector('[data-file-for="' + input.id + '"]');
    if (!shown) { return; }
    if (!shown.dataset.none) { shown.dataset.none = shown.textContent; }
    shown.textContent = input.files.length
      ? Array.from(input.files).map(function (f) { return f.name; }).join(", ")
      : shown.dataset.none;
  });
})();
