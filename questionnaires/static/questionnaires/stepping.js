// Progress, and one question per screen where the editor chose it (data-one-per-screen).
//
// Progress: "已答 3 题，共 10 题" with a bar; in steps, "第 3 题，共 10 题". Questions whose
// condition is unmet (conditions.js sets their `hidden`) are not counted and are skipped.
// Stepping only hides questions (class q-away): every answer stays in the one form and is sent
// in one POST, the form the server validates either way. Without this script every question is
// on one page with a static "共 N 题". A form refused by the server opens at the first question
// with an error (or at the phone step when that is where the refusal was).
(function () {
  "use strict";
  var form = document.querySelector(".q-form");
  if (!form) { return; }
  var stepping = form.hasAttribute("data-one-per-screen");
  var questions = Array.prototype.slice.call(form.querySelectorAll(".q-question[id^='q-']"))
    .filter(function (box) { return box.id !== "q-verify"; });
  var verify = document.getElementById("q-verify");
  var steps = verify ? questions.concat([verify]) : questions.slice();
  var end = form.querySelector(".q-end");
  var nav = form.querySelector(".q-nav");
  var prev = form.querySelector(".q-prev");
  var next = form.querySelector(".q-next");
  var text = document.getElementById("q-progress-text");
  var live = document.getElementById("q-progress-live");
  var bar = form.querySelector(".q-progress-bar");
  var fill = form.querySelector(".q-progress-fill");
  var current = 0;

  function say(template, n, total) {
    return template.replace("{n}", n).replace("{total}", total);
  }
  function applies(box) { return !box.hidden; }
  function applicable() { return questions.filter(applies); }

  // A question is answered when each of its groups (a matrix: each row) has a value.
  function answered(box) {
    var groups = {};
    Array.prototype.forEach.call(box.querySelectorAll("input, textarea, select"), function (el) {
      if (!el.name || el.disabled || el.type === "hidden") { return; }
      var has = (el.type === "radio" || el.type === "checkbox") ? el.checked : el.value.trim() !== "";
      groups[el.name] = groups[el.name] || has;
    });
    var names = Object.keys(groups);
    return names.length > 0 && names.every(function (name) { return groups[name]; });
  }
  function required(box) { return !!box.querySelector(".q-required"); }

  function update() {
    var shown = applicable();
    var total = shown.length;
    var step = steps[current];
    var message, done;
    if (stepping && step === verify) {
      message = form.getAttribute("data-text-last");
      done = total;
    } else if (stepping) {
      done = shown.indexOf(step) + 1;
      message = say(form.getAttribute("data-text-step"), done, total);
    } else {
      done = shown.filter(answered).length;
      message = say(form.getAttribute("data-text-answered"), done, total);
    }
    text.textContent = message;
    bar.hidden = false;
    fill.style.width = (total ? Math.round(100 * done / total) : 0) + "%";
    return message;
  }

  // Enter (a phone keyboard's "Go") in a box: on a step, the next question rather than an
  // unfinished form sent; with a phone to verify, the answers rather than the form's first
  // button (获取验证码), except in the phone box itself. The CAPTCHA box keeps its own rule.
  var submit = form.querySelector(".q-submit");
  form.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || box.tagName !== "INPUT" || box.type === "submit") { return; }
    if (box.name === "phone" || /^captcha/.test(box.name)) { return; }
    if (stepping && steps[current] !== verify && move(current, 1) !== -1) {
      event.preventDefault();
      next.click();
    } else if (verify && submit) {
      event.preventDefault();
      form.requestSubmit(submit);
    }
  });

  if (!stepping) {
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
    return;
  }

  form.classList.add("q-stepping");
  nav.hidden = false;

  function stepOf(el) {
    for (var i = 0; i < steps.length; i++) {
      if (steps[i].contains(el)) { return i; }
    }
    return -1;
  }
  function move(from, direction) {
    for (var i = from + direction; i >= 0 && i < steps.length; i += direction) {
      if (applies(steps[i])) { return i; }
    }
    return -1;
  }
  function clearHint(box) {
    var hint = box.querySelector(".q-step-error");
    if (hint) { hint.parentNode.removeChild(hint); }
  }
  function show(index, focus) {
    current = index;
    steps.forEach(function (box, i) { box.classList.toggle("q-away", i !== index); });
    var last = move(index, 1) === -1;
    end.classList.toggle("q-away", !last);
    prev.hidden = move(index, -1) === -1;
    next.hidden = last;
    var message = update();
    if (focus) {
      live.textContent = message;
      var box = steps[index];
      box.setAttribute("tabindex", "-1");
      box.focus({ preventScroll: true });
      form.scrollIntoView({ block: "start" });
    }
  }
  // More options ticked than a multiple choice allows: how many, or 0.
  function overMax(box) {
    var max = parseInt(box.getAttribute("data-max-choices") || "0", 10);
    var ticked = box.querySelectorAll("input[type=checkbox]:checked").length;
    return max && ticked > max ? ticked : 0;
  }
  // A required question left empty, or too many options ticked: said next to it, and the step
  // stays (the server refuses both too, but only once the whole form is sent).
  function missing(box) {
    if (box === verify) { return false; }
    var ticked = overMax(box);
    var message;
    if (ticked) {
      message = form.getAttribute("data-text-too-many")
        .replace("{n}", box.getAttribute("data-max-choices")).replace("{m}", ticked);
    } else if (required(box) && !answered(box)) {
      message = form.getAttribute("data-text-required");
    } else {
      return false;
    }
    clearHint(box);
    var hint = document.createElement("p");
    hint.className = "invalid-feedback q-step-error";
    hint.setAttribute("role", "alert");
    hint.textContent = message;
    var title = box.querySelector(".q-title");
    title.parentNode.insertBefore(hint, title.nextSibling);
    var first = box.querySelector("input:not([type=hidden]), textarea, select");
    if (first) { first.focus(); }
    return true;
  }

  next.addEventListener("click", function () {
    var box = steps[current];
    if (missing(box)) { return; }
    var to = move(current, 1);
    if (to !== -1) { show(to, true); }
  });
  prev.addEventListener("click", function () {
    var to = move(current, -1);
    if (to !== -1) { show(to, true); }
  });
  form.addEventListener("change", function (event) {
    var box = steps[stepOf(event.target)];
    if (box && answered(box) && !overMax(box)) { clearHint(box); }
    // A choice may have made later questions apply or not: the counts and the last step follow.
    show(current, false);
  });
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.name === "send_code") { return; }
    var shown = applicable();
    for (var i = 0; i < shown.length; i++) {
      if ((required(shown[i]) && !answered(shown[i])) || overMax(shown[i])) {
        event.preventDefault();
        show(steps.indexOf(shown[i]), true);
        missing(shown[i]);
        return;
      }
    }
  });
  // The error summary's links lead into questions that may be on another step.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    var index = field ? stepOf(field) : -1;
    if (index !== -1) { show(index, false); }
  }, true);

  var start = 0;
  var startId = form.getAttribute("data-start");
  var error = form.querySelector(".q-question .invalid-feedback");
  if (error) {
    start = stepOf(error);
  } else if (startId && document.getElementById(startId)) {
    start = stepOf(document.getElementById(startId));
  }
  if (start < 0 || !applies(steps[start])) { start = move(-1, 1); }
  show(start === -1 ? 0 : start, false);
})();
