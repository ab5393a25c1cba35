// Names Material's search dialog: its partials/search.html gives the element role="dialog" but no name
// (axe: aria-dialog-name), and a screen reader announces an unnamed dialog as just "dialog". Naming it
// here leaves Material's template untouched; with another search in its place this finds nothing to do.
document.querySelectorAll('.md-search[role="dialog"]:not([aria-label]):not([aria-labelledby])').forEach(function (dialog) {
  dialog.setAttribute("aria-label", "Search");
});
