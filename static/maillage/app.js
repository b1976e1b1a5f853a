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
