// The phone header's menu button (templates/base.html). Without JavaScript the link opens the
// panel by :target; here it becomes a real disclosure button: aria-expanded, Escape closes it and
// focus goes back to the button, and the page does not jump to the panel.
(function () {
  "use strict";
  var link = document.querySelector("[data-menu-toggle]");
  var panel = document.getElementById("site-menu");
  if (!link || !panel) { return; }

  var button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.setAttribute("data-menu-toggle", "");
  button.innerHTML = link.innerHTML;
  button.setAttribute("aria-controls", panel.id);
  button.setAttribute("aria-expanded", "false");
  link.replaceWith(button);

  function setOpen(open) {
    panel.classList.toggle("is-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  // A page opened at #site-menu (the no-JavaScript link, bookmarked) starts with the menu open.
  if (location.hash === "#" + panel.id) { setOpen(true); }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  function closeToButton() {
    setOpen(false);
    // The button is always on screen (the bar is sticky): focus() scrolling to it would move the
    // page under the reader.
    button.focus({ preventScroll: true });
  }

  panel.addEventListener("click", function (event) {
    if (event.target.closest("[data-menu-close]")) {
      event.preventDefault();
      closeToButton();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      closeToButton();
    }
  });
})();
