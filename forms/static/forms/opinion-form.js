// Live character counter for the opinion text against its limit (data-maxlength: the box has no
// maxlength, so that nothing typed or pasted is cut; the server refuses what is too long, saying so).
(function () {
  "use strict";
  function attach(textarea) {
    var max = parseInt(textarea.getAttribute("data-maxlength") || textarea.getAttribute("maxlength"), 10);
    if (!max) { return; }
    var counter = document.createElement("p");
    counter.className = "char-counter";
    counter.setAttribute("aria-live", "polite");
    counter.id = textarea.id + "-counter";
    textarea.parentNode.insertBefore(counter, textarea.nextSibling);
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var used = Array.from(textarea.value).length;
      counter.textContent = used + " / " + max;
      counter.classList.toggle("over", used > max);
    }
    textarea.addEventListener("input", update);
    update();
  }
  document.querySelectorAll("textarea[data-counter]").forEach(attach);
})();
