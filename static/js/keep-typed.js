// Switching language keeps what the visitor typed. The language links (core's language_switcher)
// go to the same form in the other language, but a link cannot carry a half-written opinion: on
// a click, what was typed into this page's forms is put in sessionStorage (this tab only), and
// the page in the other language puts it back into the same fields, then forgets it. Hidden,
// password, file and CAPTCHA fields are never kept; what is older than ten minutes is dropped.
(function () {
  "use strict";
  var KEY = "lawbridge-typed";
  var MAX_AGE = 10 * 60 * 1000;
  var SKIP = /^(hidden|password|file|submit|button|reset|image)$/;

  // The same place in every language: /en/drafts/x/ and /zh-hant/drafts/x/ are /drafts/x/.
  var prefixes = Array.prototype.map.call(
    document.querySelectorAll(".language-switcher a[hreflang]"),
    function (a) { return a.getAttribute("hreflang").toLowerCase(); }
  );
  function place(pathname) {
    var parts = pathname.split("/");
    if (parts.length > 2 && prefixes.indexOf(parts[1].toLowerCase()) !== -1) {
      parts.splice(1, 1);
    }
    return parts.join("/");
  }

  function kept(field) {
    if (!field.name || field.disabled || SKIP.test(field.type)) { return false; }
    if (/captcha|csrfmiddlewaretoken|website_url/i.test(field.name)) { return false; }
    return true;
  }

  function collect() {
    var forms = [];
    Array.prototype.forEach.call(document.forms, function (form, index) {
      var values = {};
      var any = false;
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!kept(field)) { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.checked) { (values[field.name] = values[field.name] || []).push(field.value); any = true; }
        } else if (field.tagName === "SELECT" && field.multiple) {
          var chosen = Array.prototype.filter.call(field.options, function (o) { return o.selected; })
            .map(function (o) { return o.value; });
          if (chosen.length) { values[field.name] = chosen; any = true; }
        } else if (field.value) {
          values[field.name] = [field.value];
          any = true;
        }
      });
      if (any) { forms.push({ index: index, values: values }); }
    });
    return forms;
  }

  function restore(forms) {
    forms.forEach(function (entry) {
      var form = document.forms[entry.index];
      if (!form) { return; }
      Object.keys(entry.values).forEach(function (name) {
        var wanted = entry.values[name];
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name !== name || !kept(field)) { return; }
          if (field.type === "checkbox" || field.type === "radio") {
            field.checked = wanted.indexOf(field.value) !== -1;
          } else if (field.tagName === "SELECT" && field.multiple) {
            Array.prototype.forEach.call(field.options, function (o) { o.selected = wanted.indexOf(o.value) !== -1; });
          } else if (field.tagName === "SELECT" || !field.value || field.value === field.defaultValue) {
            field.value = wanted[0];
          }
          field.dispatchEvent(new Event("input", { bubbles: true }));
        });
      });
    });
  }

  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
    if (saved && saved.place === place(location.pathname) && Date.now() - saved.at < MAX_AGE) {
      restore(saved.forms);
    }
  } catch (e) { /* storage off (private mode): the link still works, typing is not kept */ }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".language-switcher a[hreflang]");
    if (!link) { return; }
    var forms = collect();
    if (!forms.length) { return; }
    try {
      sessionStorage.setItem(KEY, JSON.stringify({
        place: place(new URL(link.href, location.href).pathname), at: Date.now(), forms: forms
      }));
    } catch (e) { /* see above */ }
  });
})();
