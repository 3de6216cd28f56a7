// A form with data-busy="…" shows that it is working once sent (signing, issuing, building a
// draft take seconds): its button is disabled, so it is not sent twice, and says what is
// happening beside a spinner.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-busy]") || event.defaultPrevented) { return; }
  var button = event.submitter || form.querySelector("button:not([type=button])");
  form.setAttribute("aria-busy", "true");
  if (!button) { return; }
  // after this event: a disabled button's name and value would not be sent
  setTimeout(function () {
    button.disabled = true;
    button.textContent = " " + form.dataset.busy;
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm";
    spinner.setAttribute("aria-hidden", "true");
    button.prepend(spinner);
  }, 0);
});
