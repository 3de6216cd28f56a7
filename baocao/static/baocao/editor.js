// The rich-text editors: the draft's section editor and the report's narrative sections, both a
// contenteditable box with a small toolbar.  The server cleans what it receives; without
// JavaScript the draft's HTML textarea is used.
//
// By keyboard (as in office editors):
//   Ctrl+B / Ctrl+I / Ctrl+U   bold, italic, underline (the browser's own); the toolbar's
//                              buttons show whether the text at the caret has them (aria-pressed)
//   Alt+F10                    to the toolbar; ← → Home End move along it (one Tab stop);
//                              Esc goes back to the text, where the caret was
//   Tab / Shift+Tab in a table the next / previous cell; Tab in the last cell adds a row
//   Ctrl+S                     save now
window.baocaoEditor = (function () {
  "use strict";
  const STATES = ["bold", "italic", "underline", "insertUnorderedList", "insertOrderedList"];

  function cellAt(area) {
    const selection = window.getSelection();
    let node = selection && selection.anchorNode;
    while (node && node !== area) {
      if (node.nodeName === "TD" || node.nodeName === "TH") return node;
      node = node.parentNode;
    }
    return null;
  }

  function caretInto(cell) {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function blankRowAfter(tr) {
    const copy = tr.cloneNode(true);
    copy.querySelectorAll("td,th").forEach((c) => { c.innerHTML = "&nbsp;"; });
    tr.after(copy);
    return copy;
  }

  const tableActions = {
    table(area) {
      const rows = [0, 1, 2].map(() => "<tr><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>");
      document.execCommand("insertHTML", false, "<table><tbody>" + rows.join("") + "</tbody></table><p></p>");
      const table = area.querySelectorAll("table");
      if (table.length) { const first = table[table.length - 1].querySelector("td"); if (first) caretInto(first); }
    },
    row(area) {
      const td = cellAt(area);
      if (td) caretInto(blankRowAfter(td.parentNode).children[0]);
    },
    column(area) {
      const td = cellAt(area);
      if (!td) return;
      const index = Array.from(td.parentNode.children).indexOf(td);
      td.closest("table").querySelectorAll("tr").forEach((tr) => {
        const ref = tr.children[index];
        const added = document.createElement(ref && ref.nodeName === "TH" ? "th" : "td");
        added.innerHTML = "&nbsp;";
        if (ref) ref.after(added); else tr.appendChild(added);
      });
    },
  };

  // Wire one editor: `toolbar` holds buttons with data-command; `area` is the contenteditable;
  // `changed` is called after a command changed the text; `save` (optional) on Ctrl+S.
  function wire(toolbar, area, options) {
    const opts = options || {};
    const buttons = Array.from(toolbar.querySelectorAll("button[data-command]"));
    let current = 0;
    function roving(index) {
      current = (index + buttons.length) % buttons.length;
      buttons.forEach((b, i) => { b.tabIndex = i === current ? 0 : -1; });
    }
    roving(0);
    function reflect() {
      buttons.forEach((b) => {
        if (STATES.indexOf(b.dataset.command) < 0) return;
        let on = false;
        try { on = area.contains(window.getSelection().anchorNode) && document.queryCommandState(b.dataset.command); } catch (e) { on = false; }
        b.setAttribute("aria-pressed", on ? "true" : "false");
        b.classList.toggle("active", on);
      });
    }
    function run(command) {
      area.focus();
      if (tableActions[command]) tableActions[command](area);
      else document.execCommand(command, false, null);
      reflect();
      if (opts.changed) opts.changed();
    }
    toolbar.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-command]");
      if (!button) return;
      roving(buttons.indexOf(button));
      run(button.dataset.command);
    });
    toolbar.addEventListener("keydown", (event) => {
      const index = buttons.indexOf(event.target);
      if (index < 0) return;
      let next = null;
      if (event.key === "ArrowRight") next = index + 1;
      else if (event.key === "ArrowLeft") next = index - 1;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = buttons.length - 1;
      else if (event.key === "Escape") { event.preventDefault(); area.focus(); return; }
      if (next === null) return;
      event.preventDefault();
      roving(next);
      buttons[current].focus();
    });
    area.addEventListener("keydown", (event) => {
      if (event.altKey && event.key === "F10") {
        event.preventDefault();
        buttons[current].focus();
        return;
      }
      if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S")) {
        if (opts.save) { event.preventDefault(); opts.save(); }
        return;
      }
      if (event.key !== "Tab" || event.ctrlKey || event.altKey || event.metaKey) return;
      const td = cellAt(area);
      if (!td) return;  // outside a table, Tab leaves the editor as everywhere else
      event.preventDefault();
      const cells = Array.from(td.closest("table").querySelectorAll("td,th"));
      const at = cells.indexOf(td);
      if (event.shiftKey) { if (at > 0) caretInto(cells[at - 1]); return; }
      if (at < cells.length - 1) { caretInto(cells[at + 1]); return; }
      caretInto(blankRowAfter(td.parentNode).children[0]);
      if (opts.changed) opts.changed();
    });
    ["keyup", "mouseup", "focus"].forEach((name) => area.addEventListener(name, reflect));
    document.addEventListener("selectionchange", () => {
      if (area.contains(window.getSelection().anchorNode)) reflect();
    });
    reflect();
  }

  // The draft's section editor (its own page).
  const form = document.getElementById("section-form");
  if (form) {
    const textarea = form.querySelector("textarea[name=html]");
    const editor = form.querySelector(".editor");
    const toolbar = form.querySelector(".editor-toolbar");
    editor.innerHTML = textarea.value;
    textarea.hidden = true;
    editor.hidden = false;
    toolbar.hidden = false;
    const keys = document.getElementById("editor-keys");
    if (keys) { keys.hidden = false; keys.classList.add("d-none", "d-md-block"); }  // not on a phone
    form.addEventListener("submit", () => { textarea.value = editor.innerHTML; });
    wire(toolbar, editor, { save: () => form.requestSubmit() });
  }
  return { wire: wire };
})();
