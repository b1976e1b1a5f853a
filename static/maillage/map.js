// Maps (Leaflet, vendored). No inline script: each map is a <div data-map-markers="ID"> whose
// points come from the JSON block <script type="application/json" id="ID">.
// Points are drawn as vector circles, so they stay visible when the tile server is unreachable
// (offline, blocked network): the territory is still readable without the background.
(function () {
  "use strict";

  function readPoints(id) {
    var node = document.getElementById(id);
    if (!node) { return []; }
    try { return JSON.parse(node.textContent) || []; } catch (e) { return []; }
  }

  function colourFor(point) {
    if (point.kind === "professional") { return "#1d4ed8"; }
    if (point.kind === "organisation") { return "#b45309"; }
    return "#047857";
  }

  function draw(container) {
    if (!window.L || container.getAttribute("data-map-ready")) { return; }
    container.setAttribute("data-map-ready", "1");
    var points = readPoints(container.getAttribute("data-map-markers"));
    var map = window.L.map(container, { scrollWheelZoom: false, preferCanvas: false, zoomControl: false });
    // Leaflet titles its zoom buttons in English: every map of Maillage speaks French.
    window.L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    var tiles = container.getAttribute("data-map-tiles");
    var offline = container.parentNode.querySelector("[data-map-offline]");
    if (tiles) {
      var layer = window.L.tileLayer(tiles, {
        maxZoom: 18,
        attribution: "© contributeurs OpenStreetMap"
      });
      layer.on("tileerror", function () {
        if (offline) { offline.classList.remove("hidden"); }
        container.setAttribute("data-tiles-failed", "1");
      });
      layer.addTo(map);
    }
    var bounds = [];
    var drawn = 0;
    points.forEach(function (point) {
      if (typeof point.lat !== "number" || typeof point.lon !== "number") { return; }
      var colour = colourFor(point);
      var marker = window.L.circleMarker([point.lat, point.lon], {
        radius: point.kind === "commune" ? 5 : 7,
        color: colour,
        weight: 2,
        fillColor: colour,
        fillOpacity: point.kind === "commune" ? 0.35 : 0.8
      });
      marker.bindTooltip(point.label || "");
      if (point.url) {
        marker.on("click", function () { window.location.assign(point.url); });
      }
      marker.addTo(map);
      bounds.push([point.lat, point.lon]);
      drawn += 1;
    });
    container.setAttribute("data-points", String(drawn));
    if (bounds.length === 1) {
      map.setView(bounds[0], 12);
    } else if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [20, 20] });
    } else {
      map.setView([46.6, 2.4], 5);
    }
  }

  function init() {
    var maps = document.querySelectorAll("[data-map-markers]");
    for (var i = 0; i < maps.length; i += 1) { draw(maps[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
