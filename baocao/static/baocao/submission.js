// The narrative sections of a submission: a small rich-text editor (bold, italic, lists) that
// saves by itself, a second after the last keystroke and when the field is left.
(function () {
  "use strict";
  function csrf() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  document.querySelectorAll(".rich-editor").forEach(function (editor) {
    const area = editor.querySelector(".editor-area");
    const status = editor.querySelector(".text-status");
    let timer = null;
    let lastSaved = area.innerHTML;
    function save() {
      clearTimeout(timer);
      if (area.innerHTML === lastSaved) { return; }
      const html = area.innerHTML;
      const body = new URLSearchParams({ html: html, revision: editor.dataset.revision || "0" });
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
      }).catch(function () { status.textContent = "⚠"; });
    }
    area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1000); });
    area.addEventListener("blur", save);
    window.addEventListener("beforeunload", save);
    editor.querySelectorAll("[data-command]").forEach(function (button) {
      button.addEventListener("click", function () {
        area.focus();
        document.execCommand(button.dataset.command, false, null);
        save();
      });
    });
  });
})();
