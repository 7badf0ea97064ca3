/* The roster without page reloads: a tap on a status button records it in the background and
   updates the buttons in place. Without JavaScript (or if the request fails) the same forms
   post and reload the page, so nothing depends on this file. */
(function () {
  "use strict";
  var live = document.getElementById("roster-live");
  var BADGES = {
    present: "text-bg-success", late: "text-bg-warning", excused: "text-bg-info",
    absent: "text-bg-secondary"
  };

  function show(form, chosen) {
    form.querySelectorAll("button[name=status]").forEach(function (button) {
      var on = button === chosen;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.classList.toggle("btn-dark", on);
      button.classList.toggle("btn-outline-dark", !on);
    });
    var card = form.closest("li");
    var badge = card && card.querySelector(".roster-status");
    if (badge) {
      badge.className = "badge roster-status " + (BADGES[chosen.value] || "text-bg-light border");
      badge.textContent = chosen.dataset.label;
    }
    if (live) {
      live.textContent = form.dataset.person + ": " + chosen.dataset.label;
    }
  }

  // Post the form the ordinary way (form.submit() leaves out the button that was pressed).
  function plainly(form, chosen) {
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = chosen.name;
    field.value = chosen.value;
    form.appendChild(field);
    form.submit();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var chosen = event.submitter;
    if (!form.matches("form.roster-buttons") || !chosen || !window.fetch) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    data.append(chosen.name, chosen.value);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.ok) {
        show(form, chosen);
      } else {
        plainly(form, chosen); // the server's own page explains what went wrong
      }
    }).catch(function () {
      plainly(form, chosen);
    });
  });
})();
