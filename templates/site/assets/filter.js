/* Filter the examples on the index page by theme, municipality, province, approach, status,
   start year, partner kind and (with a previous edition) new and updated ones. The figures of "De voorbeelden in beeld" set these filters:
   each province and bar is a button (click, or Tab and Enter/Space).
   Progressive enhancement: without this script every example stays listed and the
   (hidden) filter form is never shown. No external requests; works from file://. */
(function () {
  "use strict";
  var form = document.getElementById("filter");
  if (!form || !document.querySelectorAll) { return; }
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  var cards = all(".card");
  var themes = all("section.theme");
  var targets = all("[data-filter]");
  var count = document.getElementById("filter-count");
  var empty = document.getElementById("geen-resultaten");
  var keys = ["thema", "gemeente", "provincie", "benadering", "status", "startjaar", "partner",
    "wijziging"];
  var lists = { gemeente: true, partner: true, wijziging: true };
  var nl = (document.documentElement.lang || "nl") === "nl";

  function matches(card, key, wanted) {
    if (!wanted) { return true; }
    var value = card.getAttribute("data-" + key) || "";
    return lists[key] ? value.split("|").indexOf(wanted) !== -1 : value === wanted;
  }

  /* "provincie=Noord-Brabant&status=pilot" → {provincie: "Noord-Brabant", status: "pilot"} */
  function wanted(target) {
    var chosen = {};
    (target.getAttribute("data-filter") || "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) { chosen[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1)); }
    });
    return chosen;
  }

  function active(target) {
    var chosen = wanted(target);
    return Object.keys(chosen).every(function (key) {
      return form.elements[key] && form.elements[key].value === chosen[key];
    });
  }

  function apply() {
    var chosen = {};
    keys.forEach(function (key) { chosen[key] = form.elements[key] ? form.elements[key].value : ""; });
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
    targets.forEach(function (target) {
      var on = active(target);
      target.setAttribute("aria-pressed", on ? "true" : "false");
      target.classList.toggle("is-active", on);
    });
    var params = [];
    keys.forEach(function (key) {
      if (chosen[key]) { params.push(key + "=" + encodeURIComponent(chosen[key])); }
    });
    if (window.history && window.history.replaceState && location.protocol !== "file:") {
      var url = location.pathname + (params.length ? "?" + params.join("&") : "") + location.hash;
      window.history.replaceState(null, "", url);
    }
  }

  /* A province or bar: show its examples (a second press shows all again), then bring the
     list into view with the number found read out. */
  function choose(target) {
    var chosen = wanted(target);
    var again = active(target);
    keys.forEach(function (key) { if (form.elements[key]) { form.elements[key].value = ""; } });
    if (!again) {
      Object.keys(chosen).forEach(function (key) {
        if (form.elements[key]) { form.elements[key].value = chosen[key]; }
      });
    }
    apply();
    if (!again) {
      count.setAttribute("tabindex", "-1");
      form.scrollIntoView({ block: "start" });
      count.focus({ preventScroll: true });
    }
  }

  targets.forEach(function (target) {
    target.addEventListener("click", function () { choose(target); });
    target.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        choose(target);
      }
    });
  });

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
