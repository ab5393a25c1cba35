// Makes the generated index tables sortable. Material's instant loading replaces the page without
// a reload, so tables are set up on every `document$` emission (the pattern in Material's docs).
document$.subscribe(function () {
  var tables = document.querySelectorAll(".fb-sortable table");
  tables.forEach(function (table) {
    new Tablesort(table);
  });
});
