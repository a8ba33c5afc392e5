// Live HS code suggestions: any input with data-classify-suggest="URL" fetches the fragment as the user types.
// With data-classify-field="ID", each suggestion has a button that puts its code into the field of that id.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-hs-use]");
    if (!button) { return; }
    var field = document.getElementById(button.dataset.hsField);
    if (field) { field.value = button.dataset.hsUse; field.dispatchEvent(new Event("change")); field.focus(); }
  });
  document.querySelectorAll("[data-classify-suggest]").forEach(function (input) {
    var target = document.getElementById(input.dataset.classifyTarget);
    var timer = null;
    var latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var ticket = ++latest;
        var url = input.dataset.classifySuggest + "?q=" + encodeURIComponent(input.value) +
          (input.dataset.classifyField ? "&field=" + encodeURIComponent(input.dataset.classifyField) : "");
        fetch(url, { headers: { "X-Requested-With": "fetch" } })
          .then(function (response) { return response.text(); })
          .then(function (html) { if (ticket === latest && target) { target.innerHTML = html; } });
      }, 250);
    });
  });
})();
