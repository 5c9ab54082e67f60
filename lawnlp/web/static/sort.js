// Sort a table.sortable by the column whose heading is clicked (numbers as numbers, text in Chinese order).
document.querySelectorAll("table.sortable th").forEach(function (th, column) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], rows = Array.from(body.rows), up = th.dataset.up !== "1";
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.value, y = b.cells[column].dataset.value, nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh");
      return up ? order : -order;
    });
    th.closest("tr").querySelectorAll("th").forEach(function (other) { if (other !== th) delete other.dataset.up; });
    th.dataset.up = up ? "1" : "0";
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
