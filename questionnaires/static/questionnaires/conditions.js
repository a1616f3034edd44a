// Conditional questions: shown only while the earlier choice they depend on is ticked. Without
// this script every question is shown and the server ignores answers to those that do not apply.
(function () {
  "use strict";
  var form = document.querySelector(".q-form");
  if (!form) { return; }
  var dependants = form.querySelectorAll("[data-show-if-question]");
  if (!dependants.length) { return; }
  function chosen(questionId, optionId) {
    var name = "q_" + questionId;
    return Array.prototype.some.call(form.elements, function (el) {
      return el.name === name && el.value === optionId && el.checked && !el.disabled;
    });
  }
  function update() {
    Array.prototype.forEach.call(dependants, function (box) {
      var show = chosen(box.getAttribute("data-show-if-question"), box.getAttribute("data-show-if-option"));
      var parent = document.getElementById("q-" + box.getAttribute("data-show-if-question"));
      if (parent && parent.hidden) { show = false; }
      box.hidden = !show;
      // Hidden answers are not sent: the server would drop them anyway.
      Array.prototype.forEach.call(box.querySelectorAll("input, textarea, select"), function (el) {
        el.disabled = !show;
      });
    });
  }
  form.addEventListener("change", update);
  update();
})();
