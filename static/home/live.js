// Today's live cards (open "Talk to someone now" requests and check-in alerts): every minute,
// fetch home:today_live and swap in its #today-live region. Only that region changes, so
// nothing typed anywhere else on the page is lost; a round is skipped while focus is inside the
// region (a button about to be pressed) or the page is hidden. Without JavaScript, Today is a
// normal page and the region's own address works as a page of its own.
(function () {
  "use strict";
  var region = document.getElementById("today-live");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = region.getAttribute("data-refresh-url");
  var seconds = parseInt(region.getAttribute("data-refresh-seconds"), 10) || 60;

  function refresh() {
    var current = document.getElementById("today-live");
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
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("today-live");
        var now = document.getElementById("today-live");
        if (fresh && now && !now.contains(document.activeElement)) {
          now.replaceChildren.apply(now, Array.prototype.slice.call(fresh.childNodes));
        }
      })
      .catch(function () {
        // Signed out or offline: keep what is shown; the next round tries again.
      });
  }

  window.setInterval(refresh, seconds * 1000);
})();
