// Maillage front-end glue. No inline scripts anywhere (CSP): behaviour is attached here.
(function () {
  "use strict";
  // Background polling must not keep an idle session alive: mark those requests.
  document.addEventListener("htmx:configRequest", function (event) {
    var trigger = event.detail.elt && event.detail.elt.getAttribute("hx-trigger");
    if (trigger && trigger.indexOf("every ") !== -1) {
      event.detail.headers["X-Maillage-Poll"] = "1";
    }
  });
  // Buttons that ask for confirmation: <button data-confirm="Texte">.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();

// A table wider than a tablet screen scrolls sideways: it must be reachable with the keyboard
// (WCAG 2.1.1), so overflowing tables become focusable regions.
(function () {
  "use strict";
  function markScrollableTables(root) {
    root = root || document;
    var tables = Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll("table") : []);
    if (root.tagName === "TABLE") { tables.push(root); }
    tables.forEach(function (table) {
      if (table.scrollWidth > table.clientWidth && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { markScrollableTables(document); });
  document.addEventListener("htmx:load", function (event) { markScrollableTables(event.target); });
  document.addEventListener("htmx:afterSettle", function (event) { markScrollableTables(event.target); });
  window.addEventListener("resize", function () { markScrollableTables(document); });
})();
