// "找最近的联系点": sorts the list by distance from the visitor. An enhancement only: without
// JavaScript or without permission to locate, the district filter above does the job.
(function () {
  "use strict";
  var button = document.querySelector(".lp-nearest");
  var list = document.getElementById("point-list");
  if (!button || !list || !("geolocation" in navigator)) return;
  var status = document.querySelector(".lp-nearest-status");
  button.hidden = false;

  function distanceKm(lat1, lng1, lat2, lng2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLng = (lng2 - lng1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 6371 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  button.addEventListener("click", function () {
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      var lat = position.coords.latitude;
      var lng = position.coords.longitude;
      var items = Array.prototype.slice.call(list.children);
      items.forEach(function (item) {
        if (item.dataset.lat) {
          item.dataset.distance = distanceKm(lat, lng, parseFloat(item.dataset.lat),
            parseFloat(item.dataset.lng));
          item.querySelector(".lp-distance").textContent =
            button.dataset.km.replace("%s", Number(item.dataset.distance).toFixed(1));
        } else {
          item.dataset.distance = Infinity;
        }
      });
      items.sort(function (a, b) { return a.dataset.distance - b.dataset.distance; });
      items.forEach(function (item) { list.appendChild(item); });
      status.textContent = button.dataset.done;
      var first = list.querySelector("a");
      if (first) first.focus();
    }, function () {
      status.textContent = button.dataset.failed;
    }, { timeout: 10000, maximumAge: 600000 });
  });
})();
