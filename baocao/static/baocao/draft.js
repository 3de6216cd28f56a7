// The draft's page.
//
// A comment on a passage: select words in a section of the draft, press "Comment on the selected
// passage"; the words go into the comment form (kept and shown with the comment), the section is
// chosen, the comment box gets the focus.
//
// The consultation picker: ticking a group ("all the leaders", "all the wards"…) ticks each of
// its people or units; unticking one of them unticks the group.
(function () {
  "use strict";
  const button = document.getElementById("quote-button");
  const form = document.getElementById("answer-form");
  function selected() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) { return null; }
    const range = selection.getRangeAt(0);
    const node = range.commonAncestorContainer.nodeType === 1 ? range.commonAncestorContainer
      : range.commonAncestorContainer.parentElement;
    const text = node && node.closest(".draft-text");
    const section = text && text.closest(".draft-section");
    const words = selection.toString().replace(/\s+/g, " ").trim();
    if (!section || !words) { return null; }
    return { section: section.id.replace("section-", ""), words: words.slice(0, 2000), range: range };
  }
  if (button && form) {
    let chosen = null;
    function place() {
      chosen = selected();
      if (!chosen) { button.hidden = true; return; }
      const box = chosen.range.getBoundingClientRect();
      button.style.top = (window.scrollY + box.bottom + 6) + "px";
      button.style.left = Math.max(8, Math.min(window.scrollX + box.left, document.documentElement.clientWidth - 260)) + "px";
      button.hidden = false;
    }
    document.addEventListener("mouseup", function (event) { if (event.target !== button) { setTimeout(place, 0); } });
    document.addEventListener("keyup", function (event) { if (event.shiftKey || event.key === "Shift") { place(); } });
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the selection
    button.addEventListener("click", function () {
      if (!chosen) { return; }
      form.querySelector("select[name=section]").value = chosen.section;
      document.getElementById("answer-quote").value = chosen.words;
      document.getElementById("quote-text").textContent = "“" + chosen.words + "”";
      document.getElementById("quote-shown").hidden = false;
      button.hidden = true;
      const body = form.querySelector("textarea[name=body]");
      body.scrollIntoView({ block: "center" });
      body.focus();
    });
    const clear = document.getElementById("quote-clear");
    if (clear) {
      clear.addEventListener("click", function () {
        document.getElementById("answer-quote").value = "";
        document.getElementById("quote-shown").hidden = true;
      });
    }
  }

  document.querySelectorAll("[data-consult-group]").forEach(function (group) {
    const name = group.value;
    const members = Array.prototype.slice.call(
      document.querySelectorAll("[data-groups~='" + name + "']"));
    function reflect() {
      const ticked = members.filter(function (m) { return m.checked; }).length;
      group.checked = members.length > 0 && ticked === members.length;
      group.indeterminate = ticked > 0 && ticked < members.length;
    }
    group.addEventListener("change", function () {
      members.forEach(function (m) { m.checked = group.checked; });
      members.forEach(function (m) { m.dispatchEvent(new Event("change")); });
    });
    members.forEach(function (m) { m.addEventListener("change", reflect); });
    reflect();
  });
})();
