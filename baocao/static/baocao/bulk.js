// The round's page: one checkbox ticks or clears every unit's (bulk actions, collection/bulk.py).
document.addEventListener("DOMContentLoaded", () => {
  const all = document.querySelector("[data-bulk-all]");
  if (!all) return;
  const items = () => [...document.querySelectorAll("[data-bulk-item]")];
  all.addEventListener("change", () => items().forEach((box) => { box.checked = all.checked; }));
  document.addEventListener("change", (event) => {
    if (!event.target.matches("[data-bulk-item]")) return;
    const boxes = items(), ticked = boxes.filter((box) => box.checked).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  });
});
