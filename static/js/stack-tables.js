// Wide tables become stacked rows on a phone (static/css/site.css, "stack"): each cell is
// labelled with its column's heading here, so a stacked row still says what each value is.
// Without this script the rows still stack, unlabelled.
(function () {
  "use strict";
  document.querySelectorAll("main .table-responsive > table").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0] : null;
    if (!heads) { return; }
    var labels = Array.prototype.map.call(heads.cells, function (cell) {
      return cell.textContent.trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (labels[column] && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan;
        });
      });
    });
  });
})();
