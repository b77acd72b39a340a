// Commune autocomplete for the "à moins de N km de <commune>" field: suggestions from the
// public API in a <datalist>. Optional: typing a name or an INSEE code works without it.
(function () {
  "use strict";
  var input = document.getElementById("id_pres_de");
  var list = document.getElementById("communes-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    var q = input.value.trim();
    if (q.length < 2 || q === last || /\(\w{2,3}\)$/.test(q)) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      last = q;
      fetch("/api/v1/communes?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (communes) {
          list.textContent = "";
          communes.forEach(function (c) {
            var option = document.createElement("option");
            option.value = c.name + " (" + c.department_code + ")";
            option.label = c.insee + (c.postcodes.length ? " · " + c.postcodes[0] : "");
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }, 200);
  });
}());
