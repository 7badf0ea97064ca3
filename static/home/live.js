// Parts of a page that keep themselves up to date: every element with an id and a
// data-refresh-url (Today's live cards: open "Talk to someone now" requests and check-in alerts;
// a directory import's progress). Every data-refresh-seconds (default 60) the script fetches
// that address and swaps in the element of the same id, so nothing typed anywhere else on the
// page is lost; a round is skipped while focus is inside the region (a button about to be
// pressed) or the page is hidden. When the fresh copy no longer carries data-refresh-url (an
// import that finished), the region stops refreshing. Without JavaScript, each page works as a
// normal page (the region's address is a page of its own, or the page offers a link to look
// again); no page reloads itself (WCAG 2.2.1).
(function () {
  "use strict";
  if (!window.fetch || !window.DOMParser) {
    return;
  }

  function watch(region) {
    var id = region.id;
    var url = region.getAttribute("data-refresh-url");
    var seconds = parseInt(region.getAttribute("data-refresh-seconds"), 10) || 60;
    var timer = null;

    function refresh() {
      var current = document.getElementById(id);
      if (!current || document.hidden || current.contains(document.activeElement)) {
        return;
      }
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (!response.ok || response.redirected) {
            throw new Error("not refreshed");
          }
          return response.text();
        })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
          var now = document.getElementById(id);
          if (fresh && now && !now.contains(document.activeElement)) {
            now.replaceChildren.apply(now, Array.prototype.slice.call(fresh.childNodes));
            if (!fresh.hasAttribute("data-refresh-url")) {
              window.clearInterval(timer);
            }
          }
        })
        .catch(function () {
          // Signed out or offline: keep what is shown; the next round tries again.
        });
    }

    timer = window.setInterval(refresh, seconds * 1000);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[id][data-refresh-url]"), watch);
})();
