// The 目录 button of a legal text on phones and narrow screens (a draft, a regulation in force, an
// evaluation: shared by the drafts and regulations plugins, so either can be left out). Without
// JavaScript the link opens the panel by :target and any link in it closes it again; here the link
// becomes a disclosure button, like the header's menu (static/js/menu.js): aria-expanded, Escape
// and the close link put focus back on the button, and the reader's place in the text is kept.
(function () {
  "use strict";
  var link = document.querySelector("[data-toc-open]");
  var panel = document.getElementById("toc");
  if (!link || !panel) { return; }

  var button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.textContent = link.textContent;
  button.setAttribute("data-toc-open", "");
  button.setAttribute("aria-controls", panel.id);
  button.setAttribute("aria-expanded", "false");
  link.replaceWith(button);

  var heading = panel.querySelector("h2");
  if (heading) { heading.setAttribute("tabindex", "-1"); }

  function setOpen(open) {
    panel.classList.toggle("is-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function close() {
    setOpen(false);
    button.focus({ preventScroll: true });
  }

  if (location.hash === "#" + panel.id) { setOpen(true); }

  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    if (open && heading) { heading.focus({ preventScroll: true }); }
  });

  panel.addEventListener("click", function (event) {
    if (event.target.closest("[data-toc-close]")) {
      // Opened by its link (#toc, :target): only leaving that fragment closes it.
      if (location.hash !== "#" + panel.id) { event.preventDefault(); }
      close();
    } else if (event.target.closest("a[href^='#']")) {
      setOpen(false);  // the link goes on to its article: the panel must not cover it
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") { close(); }
  });
})();
