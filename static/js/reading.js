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

  // Scroll anchoring: a new text size reflows the whole page, so the reader would land somewhere
  // else in a long draft. Before the change, remember the innermost element of the page at the top
  // of the screen (below the phone's sticky header) and how far down it the screen began;
  // afterwards, scroll to the same place in it.
  function topInset() {
    var header = document.querySelector(".site-header");
    if (!header || getComputedStyle(header).position !== "sticky") { return 0; }
    // Only the bar counts: an open menu panel covers the page but is not the reader's place.
    var bar = header.querySelector(".header-top");
    return (bar || header).getBoundingClientRect().bottom;
  }

  function elementAtTop(inset) {
    var main = document.getElementById("main");
    if (!main || window.scrollY === 0) { return null; }
    var found = null;
    // Document order puts ancestors first: the last element spanning the line is the innermost.
    main.querySelectorAll("[id], h1, h2, h3, h4, p, li, dt, dd, tr, blockquote, figure").forEach(function (el) {
      var box = el.getBoundingClientRect();
      if (box.height > 0 && box.top <= inset + 1 && box.bottom > inset + 1) { found = el; }
    });
    return found;
  }

  function keepingPlace(change) {
    var inset = topInset();
    var anchor = elementAtTop(inset);
    var box = anchor && anchor.getBoundingClientRect();
    // How far down the element the top of the screen was, as a share: the element grows too.
    var share = box ? (inset - box.top) / box.height : 0;
    change();
    if (anchor) {
      box = anchor.getBoundingClientRect();
      window.scrollBy(0, box.top + share * box.height - topInset());
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reading-text], [data-reading-theme]");
    if (!link) { return; }
    event.preventDefault();
    keepingPlace(function () {
      apply(
        link.getAttribute("data-reading-text") || current("text", "normal"),
        link.getAttribute("data-reading-theme") || current("theme", "default")
      );
    });
  });
})();
