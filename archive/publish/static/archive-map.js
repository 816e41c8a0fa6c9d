// The map page: the world outline (Natural Earth, served by the archive) and one
// circle per location; no tiles, nothing from elsewhere. A circle's popup is the
// location's entry from the list under the map. Leaflet is datasette-leaflet's ES module.
(function () {
  var element = document.getElementById("archive-map");
  if (element && element.dataset.leaflet) {
    import(element.dataset.leaflet).then(function (module) { draw(element, window.L || module); });
  }
})();

function draw(element, L) {
  var markers = JSON.parse(document.getElementById("archive-map-markers").textContent);
  var map = L.map(element, {minZoom: 1, maxZoom: 9, zoomSnap: 0.25, worldCopyJump: false});
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Outline: Natural Earth (public domain)");
  map.createPane("outline").style.zIndex = 250;  // under the circles (overlayPane is 400)

  fetch(element.dataset.outline)
    .then(function (response) { return response.json(); })
    .then(function (world) {
      L.geoJSON(world, {pane: "outline", interactive: false,
        style: {color: "#8d99a3", weight: 0.6, fillColor: "#f6f3ec", fillOpacity: 1}}).addTo(map);
      element.classList.add("outline-loaded");
    });

  var points = [];
  markers.forEach(function (m) {
    var radius = 5 + 3 * Math.sqrt(m.n);
    var style = m.approximate
      ? {radius: radius, color: "#2b5fb4", weight: 2, dashArray: "4 3", fillColor: "#ffffff", fillOpacity: 0.55,
         className: "map-marker approximate"}
      : {radius: radius, color: "#173f7a", weight: 1.5, fillColor: "#3c78d8", fillOpacity: 0.85,
         className: "map-marker exact"};
    var circle = L.circleMarker([m.lat, m.lon], style).addTo(map);
    circle.bindTooltip(m.label + " · " + m.n + (m.n === 1 ? " meeting" : " meetings"));
    circle.bindPopup(function () {
      var listed = document.getElementById(m.id);
      if (!listed) {  // a location beyond those listed under the map: its name and a link to its meetings
        var entry = document.createElement("div");
        var title = entry.appendChild(document.createElement("h3"));
        var link = document.createElement("a");
        title.textContent = m.label + " ";
        link.href = m.url;
        link.textContent = m.n + (m.n === 1 ? " meeting" : " meetings");
        title.appendChild(link);
        return entry;
      }
      var copy = listed.cloneNode(true);
      copy.removeAttribute("id");
      return copy;
    }, {maxWidth: 380, maxHeight: 320, className: "map-popup", autoPanPaddingTopLeft: [56, 16]});
    points.push([m.lat, m.lon]);
  });
  if (points.length) {
    map.fitBounds(points, {padding: [48, 48], maxZoom: 5});
  } else {
    map.setView([25, 10], 1.5);
  }
  element.classList.add("map-ready");
}
