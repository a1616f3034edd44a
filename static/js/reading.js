// Reading controls (适老化): switch text size / colour theme instantly and remember the choice.
// Progressive enhancement only: without JavaScript the same links go through /prefs/ and the
// server sets the cookie, so this file must never be required for the feature to work.
(function () {
  "use strict";
  var COOKIE = "lb_reading";
  var root = document.documentElement;

  function current(prefix, fallback) {
    var match = root.className.match(new RegExp("(?:^|\\s)" + prefix + "-(\\S+)"));
    return match ? match[1] : fallback;
  }

  function apply(text, theme) {
    root.className = root.className
      .replace(/(?:^|\s)(text|theme)-\S+/g, "")
      .trim() + " text-" + text + " theme-" + theme;
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = COOKIE + "=" + text + "." + theme + "; Max-Age=31536000; Path=/; SameSite=Lax" + secure;
    document.querySelectorAll("[data-reading-text]").forEach(function (a) {
      toggleCurrent(a, a.getAttribute("data-reading-text") === text);
    });
    document.querySelectorAll("[data-reading-theme]").forEach(function (a) {
      toggleCurrent(a, a.getAttribute("data-reading-theme") === theme);
    });
  }

  function toggleCurrent(el, on) {
    if (on) { el.setAttribute("aria-current", "true"); } else { el.removeAttribute("aria-current"); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reading-text], [data-reading-theme]");
    if (!link) { return; }
    event.preventDefault();
    apply(
      link.getAttribute("data-reading-text") || current("text", "normal"),
      link.getAttribute("data-reading-theme") || current("theme", "default")
    );
  });
})();
