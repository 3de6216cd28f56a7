// The draft's section editor: a contenteditable box with a small toolbar (bold, italic, lists,
// tables).  The server cleans what it receives; without JavaScript the HTML textarea is used.
(function () {
  const form = document.getElementById("section-form");
  if (!form) return;
  const textarea = form.querySelector("textarea[name=html]");
  const editor = form.querySelector(".editor");
  const toolbar = form.querySelector(".editor-toolbar");
  editor.innerHTML = textarea.value;
  textarea.hidden = true;
  editor.hidden = false;
  toolbar.hidden = false;

  function cell() {
    const selection = window.getSelection();
    let node = selection && selection.anchorNode;
    while (node && node !== editor) {
      if (node.nodeName === "TD" || node.nodeName === "TH") return node;
      node = node.parentNode;
    }
    return null;
  }

  const actions = {
    table() {
      const rows = [0, 1, 2].map(() => "<tr><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>");
      document.execCommand("insertHTML", false, "<table><tbody>" + rows.join("") + "</tbody></table><p></p>");
    },
    row() {
      const td = cell();
      if (!td) return;
      const tr = td.parentNode;
      const copy = tr.cloneNode(true);
      copy.querySelectorAll("td,th").forEach((c) => { c.innerHTML = "&nbsp;"; });
      tr.after(copy);
    },
    column() {
      const td = cell();
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

  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-command]");
    if (!button) return;
    editor.focus();
    const command = button.dataset.command;
    if (actions[command]) actions[command]();
    else document.execCommand(command, false, null);
  });
  form.addEventListener("submit", () => { textarea.value = editor.innerHTML; });
})();
