// Territory map of a network's public home page, loaded only on request: Leaflet (≈160 KB)
// and the communes (GeoJSON) would push the page over its 200 KB budget, so the page carries
// this small loader and a button; a click fetches the stylesheet, Leaflet, the points, then
// static/maillage/map.js, which draws them as vector circles (still readable when the tile
// server is blocked). No inline script: the URLs come from data- attributes.
(function () {
  "use strict";

  var scripts = {};

  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var node = document.createElement("script");
        node.src = src;
        node.onload = resolve;
        node.onerror = function () {
          delete scripts[src];
          node.remove();
          reject(new Error("script"));
        };
        document.head.appendChild(node);
      });
    }
    return scripts[src];
  }

  function loadStylesheet(href) {
    if (document.querySelector('link[data-map-css]')) { return; }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-map-css", "1");
    document.head.appendChild(link);
  }

  function pointsFrom(geojson) {
    return ((geojson && geojson.features) || []).map(function (feature) {
      var coordinates = feature.geometry.coordinates;
      var name = feature.properties.name;
      var dep = feature.properties.departement;
      return {
        lon: coordinates[0],
        lat: coordinates[1],
        kind: "commune",
        label: dep ? name + " (" + dep + ")" : name
      };
    });
  }

  function build(root, points) {
    var area = root.querySelector("[data-map-area]");
    area.textContent = "";  // a retry after a failed load starts clean (ids stay unique)
    var data = document.createElement("script");
    data.type = "application/json";
    data.id = "territory-points";
    data.textContent = JSON.stringify(points);
    var offline = document.createElement("p");
    offline.className = "message hidden";
    offline.setAttribute("data-map-offline", "");
    offline.textContent = "Fond de carte indisponible : les communes restent affichées.";
    var map = document.createElement("div");
    map.className = "map";
    map.setAttribute("data-map-markers", "territory-points");
    map.setAttribute("data-map-tiles", root.getAttribute("data-tiles") || "");
    map.setAttribute("role", "region");
    map.setAttribute("aria-label", "Carte des communes couvertes");
    area.appendChild(data);
    area.appendChild(offline);
    area.appendChild(map);
  }

  // Leaflet's zoom buttons are titled in English: the public site speaks French.
  function frenchControls(root) {
    var labels = [
      [".leaflet-control-zoom-in", "Zoom avant"],
      [".leaflet-control-zoom-out", "Zoom arrière"]
    ];
    labels.forEach(function (pair) {
      var control = root.querySelector(pair[0]);
      if (control) {
        control.setAttribute("title", pair[1]);
        control.setAttribute("aria-label", pair[1]);
      }
    });
  }

  function show(root, button, status) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    status.textContent = "Chargement de la carte…";
    loadStylesheet(root.getAttribute("data-leaflet-css"));
    var points = fetch(root.getAttribute("data-points-url"), {
      headers: { Accept: "application/geo+json, application/json" },
      credentials: "omit"
    }).then(function (response) {
      if (!response.ok) { throw new Error("points"); }
      return response.json();
    });
    Promise.all([points, loadScript(root.getAttribute("data-leaflet-js"))])
      .then(function (results) {
        var list = pointsFrom(results[0]);
        if (!list.length) {
          status.textContent = "Aucune commune couverte n'a de coordonnées : consultez la liste ci-dessous.";
          button.remove();
          return;
        }
        build(root, list);
        // map.js draws every [data-map-markers] container present when it runs.
        return loadScript(root.getAttribute("data-map-js")).then(function () {
          frenchControls(root);
          status.textContent = list.length + " commune" + (list.length > 1 ? "s" : "") +
            " sur la carte.";
          button.remove();
        });
      })
      .catch(function () {
        status.textContent = "La carte n'a pas pu être chargée ; la liste des communes reste disponible. Réessayez plus tard.";
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
  }

  function init() {
    var roots = document.querySelectorAll("[data-territory-map]");
    Array.prototype.forEach.call(roots, function (root) {
      var button = root.querySelector("[data-map-load]");
      var status = root.querySelector("[data-map-status]");
      if (!button || !status) { return; }
      root.classList.remove("hidden");
      button.addEventListener("click", function () { show(root, button, status); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
