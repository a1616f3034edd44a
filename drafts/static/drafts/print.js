// Enhancement only: the print button; without JavaScript the browser's own print works.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
