/* Filter the examples on the index page by theme, municipality, approach and status.
   Progressive enhancement: without this script every example stays listed and the
   (hidden) filter form is never shown. No external requests; works from file://. */
(function () {
  "use strict";
  var form = document.getElementById("filter");
  if (!form || !document.querySelectorAll) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var themes = Array.prototype.slice.call(document.querySelectorAll("section.theme"));
  var count = document.getElementById("filter-count");
  var empty = document.getElementById("geen-resultaten");
  var keys = ["thema", "gemeente", "benadering", "status"];
  var nl = (document.documentElement.lang || "nl") === "nl";

  function matches(card, key, wanted) {
    if (!wanted) { return true; }
    var value = card.getAttribute("data-" + key) || "";
    return key === "gemeente" ? value.split("|").indexOf(wanted) !== -1 : value === wanted;
  }

  function apply() {
    var chosen = {};
    keys.forEach(function (key) { chosen[key] = form.elements[key].value; });
    var shown = 0;
    cards.forEach(function (card) {
      var ok = keys.every(function (key) { return matches(card, key, chosen[key]); });
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    themes.forEach(function (theme) {
      var visible = theme.querySelectorAll(".card:not([hidden])").length > 0;
      var filtering = keys.some(function (key) { return chosen[key]; });
      theme.hidden = filtering && !visible;
    });
    var total = cards.length;
    count.textContent = nl
      ? shown + " van " + total + " praktijkvoorbeelden"
      : shown + " of " + total + " examples";
    empty.hidden = shown !== 0;
    var params = [];
    keys.forEach(function (key) {
      if (chosen[key]) { params.push(key + "=" + encodeURIComponent(chosen[key])); }
    });
    if (window.history && window.history.replaceState && location.protocol !== "file:") {
      var url = location.pathname + (params.length ? "?" + params.join("&") : "") + location.hash;
      window.history.replaceState(null, "", url);
    }
  }

  /* Preselect from the query string (?thema=onderwijs), e.g. a shared link. */
  var query = location.search.replace(/^\?/, "").split("&");
  query.forEach(function (pair) {
    var parts = pair.split("=");
    var field = form.elements[decodeURIComponent(parts[0] || "")];
    if (field && keys.indexOf(field.name) !== -1) {
      field.value = decodeURIComponent((parts[1] || "").replace(/\+/g, " "));
    }
  });

  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.hidden = false;
  apply();
}());
