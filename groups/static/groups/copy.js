// A "Copy" button beside a read-only field: <button data-copy="field-id" hidden>. Shown only
// when this script runs (without it the field can still be selected and copied by hand); the
// result is said in the nearest [data-copy-status] (aria-live).
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.querySelector("[data-copy-status]");
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { if (status) { status.textContent = "Copied. Paste it in your calendar app."; } };
      var fallback = function () {
        field.select();
        try { document.execCommand("copy"); done(); } catch (e) {
          if (status) { status.textContent = "Select the link and copy it."; }
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
