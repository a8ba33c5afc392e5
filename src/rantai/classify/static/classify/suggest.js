// Live HS code suggestions: any input with data-classify-suggest="URL" fetches the fragment as the user types.
(function () {
  "use strict";
  document.querySelectorAll("[data-classify-suggest]").forEach(function (input) {
    var target = document.getElementById(input.dataset.classifyTarget);
    var timer = null;
    var latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var ticket = ++latest;
        var url = input.dataset.classifySuggest + "?q=" + encodeURIComponent(input.value);
        fetch(url, { headers: { "X-Requested-With": "fetch" } })
          .then(function (response) { return response.text(); })
          .then(function (html) { if (ticket === latest && target) { target.innerHTML = html; } });
      }, 250);
    });
  });
})();
