/* 普法园地: optional enhancements. Everything works without this file.
   - counts a read (navigator.sendBeacon, a POST that page caches never answer);
   - scores a quiz in place (the server scores it either way). */
(function () {
  "use strict";
  var article = document.querySelector("[data-read-beacon]");
  if (article && navigator.sendBeacon) {
    window.setTimeout(function () { navigator.sendBeacon(article.getAttribute("data-read-beacon")); }, 3000);
  }

  function enhance(section) {
    var form = section.querySelector("form");
    if (!form || !window.fetch || !window.FormData) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      var query = new URLSearchParams(new FormData(form)).toString();
      fetch(form.action.split("#")[0] + "?" + query, {
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        var holder = document.createElement("div");
        holder.innerHTML = data.html;
        var fresh = holder.firstElementChild;
        section.replaceWith(fresh);
        enhance(fresh);
        var score = fresh.querySelector(".le-quiz-score");
        if (score) { score.setAttribute("tabindex", "-1"); score.focus(); }
      }).catch(function () {
        form.submit();  // fall back to the ordinary request
      });
    });
  }
  document.querySelectorAll("[data-quiz]").forEach(enhance);
})();
