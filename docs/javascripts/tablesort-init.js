// Makes the generated index tables sortable. Material's instant loading replaces the page without
// a reload, so tables are set up on every `document$` emission (the pattern in Material's docs).
//
// Keyboard and screen readers: tablesort makes each heading focusable and sorts on Enter only, and a
// focusable heading is not announced as something to press. So each heading's text goes into a
// button (the sortable table pattern of the WAI-ARIA Authoring Practices), which Tab reaches and Enter
// or Space presses; the heading itself leaves the tab order. Tablesort sets aria-sort ("ascending" or
// "descending") on the sorted heading and removes it from the one sorted before, so a screen reader
// announces the order; Material draws the arrow from the same attribute.
document$.subscribe(function () {
  document.querySelectorAll(".fb-sortable table").forEach(function (table) {
    new Tablesort(table);
    table.querySelectorAll("thead th[role=columnheader]").forEach(function (heading) {
      if (heading.tabIndex < 0 || heading.querySelector("button")) return;
      var button = document.createElement("button");
      button.type = "button";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      heading.removeAttribute("tabindex");
      // The button's own click (from Enter, Space or a pointer) reaches tablesort's listener on the
      // heading; its Enter must not also reach tablesort's keydown listener, or the table sorts twice.
      button.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.stopPropagation();
      });
    });
  });
});
