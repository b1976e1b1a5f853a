/* Autosave of an assessment draft (tablet at a home visit).
 *
 * Every field change is sent to the server at once (a real edit: it counts as activity).
 * What could not be sent (connection lost) is kept only in this tab's sessionStorage — never
 * localStorage, IndexedDB or a service worker — and re-sent when the connection returns. A
 * light check runs every 30 seconds, marked with the X-Maillage-Poll header so that it does
 * not count as activity for the idle logout. The pending part is erased on logout (the logout
 * response also sends Clear-Site-Data: "storage").
 */
(function () {
  "use strict";

  var POLL_SECONDS = 30;
  var form = document.querySelector("form[data-autosave]");

  // Erase anything kept in this tab when the user logs out (any logout form of the page).
  document.querySelectorAll("form[action*='deconnexion'], form[action*='logout']").forEach(
    function (logout) {
      logout.addEventListener("submit", function () {
        try { window.sessionStorage.clear(); } catch (e) { /* storage disabled */ }
      });
    }
  );
  if (!form) { return; }

  var key = "maillage.assessment." + form.dataset.assessment;
  var url = form.getAttribute("action");
  var status = form.querySelector("[data-autosave-status]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sending = false;

  function pending() {
    try { return JSON.parse(window.sessionStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function keep(values) {
    try {
      if (Object.keys(values).length) {
        window.sessionStorage.setItem(key, JSON.stringify(values));
      } else {
        window.sessionStorage.removeItem(key);
      }
    } catch (e) { /* storage full or disabled: the server copy is what counts */ }
  }
  function say(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  function flush() {
    var values = pending();
    var names = Object.keys(values);
    if (!names.length || sending) { return; }
    if (navigator.onLine === false) {
      say("Hors connexion : " + names.length + " modification(s) gardée(s) dans cet onglet, envoi au retour de la connexion.", "offline");
      return;
    }
    sending = true;
    var body = new URLSearchParams();
    body.append("csrfmiddlewaretoken", csrf);
    names.forEach(function (name) { body.append(name, values[name]); });
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json || response.redirected) {
        throw new Error("session");
      }
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      var left = pending();
      if (answer.ok) {
        names.forEach(function (name) {
          if (left[name] === values[name]) { delete left[name]; }
        });
        keep(left);
        say("Brouillon enregistré sur le serveur.", "saved");
      } else {
        // Refused values: the server names the field; drop them so the rest can go.
        var messages = [];
        Object.keys(answer.data.errors || {}).forEach(function (name) {
          messages = messages.concat(answer.data.errors[name]);
          delete left[name];
        });
        keep(left);
        say("Non enregistré : " + messages.join(" "), "error");
      }
    }).catch(function () {
      say("Connexion perdue : modifications gardées dans cet onglet, envoi au retour de la connexion.", "offline");
    }).then(function () {
      sending = false;
      if (Object.keys(pending()).length && navigator.onLine !== false && status.dataset.state === "saved") {
        flush();
      }
    });
  }

  function changed(event) {
    var field = event.target;
    if (!field.name || field.name === "csrfmiddlewaretoken") { return; }
    var values = pending();
    values[field.name] = field.value;
    keep(values);
    flush();
  }

  function poll() {
    if (Object.keys(pending()).length) { flush(); return; }
    fetch(url, {
      credentials: "same-origin",
      headers: { "X-Maillage-Poll": "1", "Accept": "application/json" }
    }).catch(function () {
      say("Connexion perdue : vos prochaines modifications seront gardées dans cet onglet.", "offline");
    });
  }

  // Values kept by an earlier page of this tab win over what the server rendered.
  var kept = pending();
  Object.keys(kept).forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) { field.value = kept[name]; }
  });

  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      var values = pending();
      values[event.target.name] = event.target.value;
      keep(values);
    }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); flush(); });
  window.addEventListener("online", flush);
  window.addEventListener("offline", function () {
    say("Hors connexion : vos modifications sont gardées dans cet onglet.", "offline");
  });
  window.setInterval(poll, POLL_SECONDS * 1000);
  flush();
})();

/* Instrument forms at a home visit (AGGIR, Zarit…): answers are sent with the "Enregistrer"
 * button. While the connection is down, every answer is kept only in this tab's sessionStorage
 * (restored if the page is shown again), the submission waits, and it is sent by itself when
 * the connection returns. Erased at logout like the rest of the tab's storage.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-offline-buffer]");
  if (!form) { return; }
  var key = "maillage.instrument." + form.dataset.offlineBuffer;
  var status = form.querySelector("[data-offline-status]");
  var waiting = false;

  function read() {
    try { return JSON.parse(window.sessionStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(values) {
    try { window.sessionStorage.setItem(key, JSON.stringify(values)); } catch (e) { /* full */ }
  }
  function erase() {
    try { window.sessionStorage.removeItem(key); } catch (e) { /* disabled */ }
  }
  function say(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }
  function values() {
    var kept = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.name !== "csrfmiddlewaretoken" && field.value !== "") {
        kept[field.name] = field.value;
      }
    });
    return kept;
  }
  function offline() { return navigator.onLine === false; }

  // Answers a previous showing of this page could not send win over the server's copy.
  var kept = read();
  if (kept) {
    Object.keys(kept).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) { field.value = kept[name]; }
    });
    say("Réponses non envoyées retrouvées dans cet onglet : vérifiez-les puis enregistrez.", "restored");
  }

  form.addEventListener("change", function () {
    if (offline()) {
      write(values());
      say("Hors connexion : vos réponses sont gardées dans cet onglet.", "offline");
    }
  });
  form.addEventListener("submit", function (event) {
    if (offline()) {
      event.preventDefault();
      write(values());
      waiting = true;
      say("Hors connexion : réponses gardées dans cet onglet, envoi automatique au retour de la connexion.", "waiting");
      return;
    }
    erase();
  });
  window.addEventListener("online", function () {
    if (waiting) {
      waiting = false;
      say("Connexion revenue : envoi des réponses…", "sending");
      erase();
      form.submit();
    } else if (read()) {
      say("Connexion revenue : enregistrez vos réponses.", "online");
    }
  });
  window.addEventListener("offline", function () {
    write(values());
    say("Hors connexion : vos réponses sont gardées dans cet onglet.", "offline");
  });
})();
