// Progressive enhancement: ticking a facet submits the search form (it works without JS
// through the "Appliquer les filtres" button). Kept in a file: the CSP forbids inline scripts.
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.type === "checkbox") {
      var page = form.querySelector("input[name=page]");
      if (page) { page.remove(); }
      form.submit();
    }
  });
  var apply = form.querySelector(".facets button[type=submit]");
  if (apply) { apply.classList.add("js-hidden"); }
}());
