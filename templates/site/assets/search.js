/* Full-text search in the examples: a small UI on Pagefind's JS API (pagefind/pagefind.js,
   made by `workbook build` and `workbook serve`).
   - Progressive enhancement: without this script the (hidden) search form never shows.
   - Pagefind needs a web server; opened from file:// the field says so and stays inert.
   - Results: the example's title linking to its page, an excerpt with the hits in <mark>,
     and the count in a live region ("Geen resultaten" when nothing matches).
   - No external requests: the bundle is loaded from this site, only when first used. */
(function () {
  "use strict";
  var form = document.getElementById("zoeken");
  var panel = document.getElementById("zoekresultaten");
  if (!form || !panel || !window.Promise) { return; }
  var input = document.getElementById("zoeken-veld");
  var button = document.getElementById("zoeken-knop");
  var note = document.getElementById("zoeken-uitleg");
  var status = document.getElementById("zoeken-status");
  var list = document.getElementById("zoeken-lijst");
  var more = document.getElementById("zoeken-meer");
  var PAGE = 10;
  var DELAY = 250;
  var text = function (key) { return form.getAttribute("data-" + key) || ""; };

  form.hidden = false;
  if (location.protocol === "file:") {
    /* Browsers do not let a page from disk load Pagefind's index (a module, WebAssembly). */
    input.readOnly = true;
    input.setAttribute("aria-describedby", note.id);
    button.hidden = true;
    note.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    return;
  }

  panel.hidden = false;
  var bundleUrl = new URL(form.getAttribute("data-bundle"), document.baseURI).href;
  var siteRoot = new URL("../", bundleUrl);
  var engine = null;
  var results = [];
  var shown = 0;
  var asked = 0;
  var timer = 0;

  function pagefind() {
    if (!engine) {
      engine = import(bundleUrl).then(function (module) {
        return Promise.resolve(module.options({ excerptLength: 28 }))
          .then(function () { return module.init(); })
          .then(function () { return module; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function say(message) {
    status.textContent = message;
  }

  function countText(count, query) {
    var template = count === 0 ? text("none") : count === 1 ? text("one") : text("many");
    return template.replace("{n}", String(count)).replace("{q}", query);
  }

  /* Pagefind's excerpt is HTML with <mark> around the hits. Keep only its text and the
     marks: parsed in an inert <template>, rebuilt node by node. */
  function excerptNode(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var paragraph = document.createElement("p");
    paragraph.className = "search-excerpt";
    paragraph.appendChild(document.createTextNode("… "));
    Array.prototype.forEach.call(template.content.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        /* Pagefind marks a word with the punctuation after it; mark the word only. */
        var parts = /^([\s\S]*?)([^\p{L}\p{N}]*)$/u.exec(node.textContent || "");
        var mark = document.createElement("mark");
        mark.textContent = parts[1];
        paragraph.appendChild(mark);
        paragraph.appendChild(document.createTextNode(parts[2]));
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent || ""));
      }
    });
    paragraph.appendChild(document.createTextNode(" …"));
    return paragraph;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var heading = document.createElement("p");
    heading.className = "search-title";
    var link = document.createElement("a");
    link.href = new URL(data.url.replace(/^\/+/, ""), siteRoot).href;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerptNode(data.excerpt || ""));
    return item;
  }

  function showMore(focusFirst) {
    var ticket = asked;
    var next = results.slice(shown, shown + PAGE);
    shown += next.length;
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (all) {
      if (ticket !== asked) { return; }
      var first = null;
      all.forEach(function (data) {
        var item = resultItem(data);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      more.hidden = shown >= results.length;
      if (focusFirst && first) { first.focus(); }
    });
  }

  function clear() {
    asked += 1;
    results = [];
    shown = 0;
    list.textContent = "";
    more.hidden = true;
    panel.classList.remove("is-open");
    say("");
  }

  function search(query) {
    window.clearTimeout(timer);
    query = query.trim();
    if (!query) { clear(); return; }
    var ticket = ++asked;
    pagefind().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      if (ticket !== asked) { return; }
      results = (found && found.results) || [];
      shown = 0;
      list.textContent = "";
      panel.classList.add("is-open");
      say(countText(results.length, query));
      return showMore(false);
    }).catch(function () {
      if (ticket !== asked) { return; }
      panel.classList.add("is-open");
      say(text("error"));
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var query = input.value;
    timer = window.setTimeout(function () { search(query); }, DELAY);
  });
  input.addEventListener("focus", function () { pagefind().catch(function () {}); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && input.value) {
      input.value = "";
      clear();
    } else if (event.key === "ArrowDown") {
      var first = list.querySelector("a");
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  /* Enter submits the form (one text field); the button is not a submit button, so that
     a page with its own form (insturen.html) keeps a single submit button. */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value);
  });
  button.addEventListener("click", function () {
    search(input.value);
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.focus(); }
  });
  more.addEventListener("click", function () {
    showMore(true);
  });
}());
