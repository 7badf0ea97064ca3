/* Aftercare charts: draws the chart of a report page from the numbers the page also shows in
   its table. The data comes from a json_script element (no inline script: the CSP forbids it). */
(function () {
  "use strict";
  var source = document.getElementById("aftercare-chart-data");
  var canvas = document.getElementById("aftercare-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var config;
  if (data.kind === "compliance") {
    config = {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            type: "bar",
            label: "Completed in window (%)",
            data: data.rates,
            backgroundColor: "#1d5c8a"
          }
        ].concat(data.target === null ? [] : [{
          // The target line only for the step the organization reports (GPRA 6-month).
          type: "line",
          label: "Target (" + data.target + " %)",
          data: data.labels.map(function () { return data.target; }),
          borderColor: "#a4161a",
          borderDash: [6, 4],
          pointRadius: 0,
          fill: false
        }])
      },
      options: {
        animation: reduced ? false : undefined,
        scales: { y: { min: 0, max: 100, title: { display: true, text: "%" } } }
      }
    };
  } else {
    config = {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "BARC-10 at intake (mean)", data: data.intake, backgroundColor: "#8a8a8a" },
          { label: "BARC-10 at follow-up (mean)", data: data.now, backgroundColor: "#1d5c8a" }
        ]
      },
      options: {
        animation: reduced ? false : undefined,
        scales: { y: { min: 10, max: 60, title: { display: true, text: "BARC-10" } } }
      }
    };
  }
  canvas.chart = new window.Chart(canvas, config);
  canvas.setAttribute("data-rendered", "true");
})();
