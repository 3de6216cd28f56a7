// The entry page of a unit's report.
//
// Cells save themselves through htmx (the row comes back, with its new revision).  Nothing
// typed is lost: typing that goes on while a save is on its way is put back into the row that
// comes back and saved in turn; when someone else saved a cell meanwhile, the server answers
// 409 with the row showing theirs and yours, to keep one.
//
// The narrative sections: a small rich-text editor (bold, italic, lists; its keyboard in
// editor.js) that saves by itself, a second after the last keystroke, when the field is left and
// on Ctrl+S, one save at a time.
(function () {
  "use strict";
  function csrf() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- cells ---------------------------------------------------------------------------------
  const pending = new Map();  // row id → [{id, value, start, end}] typed and not yet saved
  const TYPED = ".entry-row input[id^=cell-], .entry-row input[id^=comment-]";

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    const elt = event.detail.elt;
    if (elt.matches && elt.matches(TYPED)) { elt.dataset.sent = elt.value; }
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const detail = event.detail;
    const row = detail.target && detail.target.closest ? detail.target.closest(".entry-row") : null;
    if (!row) { return; }
    const xhr = detail.xhr;
    const merge = xhr.status === 409 && xhr.getResponseHeader("X-Baocao-Merge") === "1";
    if (merge) { detail.shouldSwap = true; detail.isError = false; }
    else if (xhr.status >= 400) {  // refused (the report is no longer editable…): say so
      const status = row.querySelector(".save-status");
      if (status) { status.className = "small text-danger save-status"; status.textContent = xhr.responseText.slice(0, 300); }
      return;
    }
    const kept = [];
    row.querySelectorAll(TYPED).forEach(function (input) {
      const saved = input === detail.requestConfig.elt ? input.dataset.sent : input.defaultValue;
      if (input.value !== saved && !(merge && input === detail.requestConfig.elt)) {
        kept.push({ id: input.id, value: input.value, start: input.selectionStart, end: input.selectionEnd });
      }
    });
    if (kept.length) { pending.set(row.id, kept); }
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {  // new row processed
    const row = event.detail.target;
    if (!row || !row.id || !pending.has(row.id)) { return; }
    const kept = pending.get(row.id);
    pending.delete(row.id);
    const fresh = document.getElementById(row.id);
    kept.forEach(function (typed) {
      const input = fresh && fresh.querySelector("#" + CSS.escape(typed.id));
      if (!input || input.disabled) { return; }
      input.value = typed.value;
      if (document.activeElement === input && typed.start !== null) {
        input.setSelectionRange(typed.start, typed.end);
      }
      htmx.trigger(input, "change");  // saved in turn, from the revision just received
    });
  });

  document.body.addEventListener("click", function (event) {
    const button = event.target.closest("[data-keep-theirs]");
    const row = button && button.closest(".entry-row");
    if (!row) { return; }
    const merge = button.closest(".merge");
    const input = row.querySelector("input[id^=cell-]");
    merge.remove();
    if (input) { input.focus(); }
  });

  // --- narrative sections ----------------------------------------------------------------------
  document.querySelectorAll(".rich-editor").forEach(function (editor) {
    const area = editor.querySelector(".editor-area");
    const status = editor.querySelector(".text-status");
    let timer = null;
    let lastSaved = area.innerHTML;
    let busy = false;
    let again = false;
    function save() {
      clearTimeout(timer);
      if (busy) { again = true; return; }  // one save at a time: each from the last revision
      if (area.innerHTML === lastSaved) { return; }
      const html = area.innerHTML;
      const body = new URLSearchParams({ html: html, revision: editor.dataset.revision || "0" });
      busy = true;
      status.textContent = "…";
      fetch(editor.dataset.saveUrl, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), "HX-Request": "true" }
      }).then(function (response) {
        return response.text().then(function (text) { return { ok: response.ok, text: text }; });
      }).then(function (result) {
        status.innerHTML = result.text;
        const revision = status.querySelector(".text-revision");
        if (result.ok && revision) { editor.dataset.revision = revision.value; lastSaved = html; }
      }).catch(function () { status.textContent = "⚠"; }).finally(function () {
        busy = false;
        if (again) { again = false; save(); }
      });
    }
    status.addEventListener("click", function (event) {
      const merge = event.target.closest(".merge");
      if (!merge) { return; }
      if (event.target.closest("[data-keep-mine]")) {
        editor.dataset.revision = merge.dataset.revision;
        lastSaved = null;
        save();
      } else if (event.target.closest("[data-keep-theirs]")) {
        area.innerHTML = merge.querySelector(".merge-theirs").innerHTML;
        editor.dataset.revision = merge.dataset.revision;
        lastSaved = area.innerHTML;
        status.textContent = "";
      }
    });
    area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1000); });
    area.addEventListener("blur", save);
    window.addEventListener("beforeunload", save);
    window.baocaoEditor.wire(editor.querySelector("[role=toolbar]"), area, { changed: save, save: save });
  });

  // --- moving through the table by keyboard ------------------------------------------------------
  // In a cell: ↓ or Enter goes to the same column of the next row that can be typed in, ↑ or
  // Shift+Enter to the one before (leaving the cell saves it, as a click elsewhere does); Tab and
  // Shift+Tab go along the row as everywhere.
  document.body.addEventListener("keydown", function (event) {
    const input = event.target;
    if (!input.matches || !input.matches(".entry-row input[id^=cell-]")) { return; }
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    let step = 0;
    if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) { step = 1; }
    else if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) { step = -1; }
    if (!step) { return; }
    const column = input.id.slice(input.id.lastIndexOf("-"));
    const cells = Array.prototype.filter.call(
      document.querySelectorAll(".entry-row input[id^=cell-]"),
      function (c) { return c.id.endsWith(column) && !c.disabled && c.offsetParent !== null; });
    const next = cells[cells.indexOf(input) + step];
    event.preventDefault();
    if (next) { next.focus(); next.select(); }
  });
  // --- finding a row; the computed columns on a phone --------------------------------------------
  // Typing in "Find a row" hides the rows whose code and name do not contain what is typed (case
  // and diacritics ignored: "dan so" finds "Dân số"); a heading stays while a row under it shows.
  const filter = document.getElementById("row-filter");
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function applyFilter() {
    const words = plain(filter.value).split(/\s+/).filter(Boolean);
    let shown = 0, total = 0;
    document.querySelectorAll(".entry-table tbody").forEach(function (body) {
      let heading = null, headingShown = false;
      body.querySelectorAll(":scope > tr").forEach(function (row) {
        if (!row.classList.contains("entry-row")) {
          if (heading) { heading.hidden = words.length > 0 && !headingShown; }
          heading = row; headingShown = false;
          return;
        }
        total += 1;
        const cells = row.querySelectorAll(":scope > td");
        const text = plain((cells[0] ? cells[0].textContent : "") + " " + (cells[1] ? cells[1].querySelector("[id^=label-]").textContent : ""));
        const match = words.every(function (w) { return text.indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) { shown += 1; headingShown = true; }
      });
      if (heading) { heading.hidden = words.length > 0 && !headingShown; }
    });
    const count = document.getElementById("row-filter-count");
    count.textContent = words.length ? shown + " / " + total : "";
  }
  if (filter) {
    filter.addEventListener("input", applyFilter);
    document.body.addEventListener("htmx:afterSettle", function () { if (filter.value) { applyFilter(); } });
  }
  const fold = document.getElementById("show-computed");
  if (fold) {
    fold.addEventListener("click", function () {
      const open = fold.getAttribute("aria-pressed") !== "true";
      fold.setAttribute("aria-pressed", open ? "true" : "false");
      document.querySelectorAll(".entry-table").forEach(function (table) { table.classList.toggle("show-computed", open); });
    });
  }
})();
