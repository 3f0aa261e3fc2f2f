/* The site's offline Chinese search, the same on every engine (site/engines/search.py).
   Loads search/index.js on first use (a script, so it works from file://), cuts the query
   with the index's own dictionary (longest word first), ranks sections by phrase, whole word,
   then piece, and marks the word in the results and on the page it leads to (?h=). */
(function () {
  "use strict";
  // Material's drawer and search toggles lose autocomplete="off" (invalid on a checkbox,
  // site/engines/repairs.py): close them when Firefox brings a page back from its cache.
  window.addEventListener("pageshow", function () {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle) toggle.checked = false;
    });
  });
  var form = document.getElementById("xj-search"), input = document.getElementById("xj-q"),
    box = document.getElementById("xj-results");
  var root = form && form.getAttribute("data-root") !== null ? form.getAttribute("data-root") : ".";
  var vocab = null, maxLen = 1, loading = false, waiting = [];
  var PUNCT = /[\s\u3000，。、,.;；:：!?！？（）()《》“”"'「」]+/;

  function load(then) {
    if (window.XJ_SEARCH) return ready(then);
    waiting.push(then);
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = root.replace(/\/$/, "") + "/search/index.js";
    s.onload = function () { var w = waiting; waiting = []; w.forEach(ready); };
    document.head.appendChild(s);
  }
  function ready(then) {
    if (!vocab) {
      vocab = {};
      window.XJ_SEARCH.vocab.forEach(function (w) { vocab[w] = 1; maxLen = Math.max(maxLen, w.length); });
    }
    then();
  }
  function esc(t) { return t.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }

  /* The query's words: each run cut by longest match in the index's dictionary. */
  function terms(q) {
    var out = [];
    q.toLowerCase().split(PUNCT).forEach(function (part) {
      var i = 0;
      while (i < part.length) {
        var n = Math.min(maxLen, part.length - i), found = "";
        for (; n > 1; n--) { if (vocab[part.substr(i, n)]) { found = part.substr(i, n); break; } }
        if (!found) {
          var latin = /^[a-z0-9]+/.exec(part.slice(i));
          found = latin ? latin[0] : part.charAt(i);
        }
        out.push(found);
        i += found.length;
      }
    });
    return out;
  }

  function search(q) {
    var docs = window.XJ_SEARCH.docs, ts = terms(q), phrase = q.toLowerCase().replace(/\s+/g, ""), hits = [];
    if (!ts.length) return { terms: ts, hits: hits };
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i], head = (d[1] + " " + d[2]).toLowerCase(), text = d[3].toLowerCase(),
        words = " " + d[4] + " ", score = 0, all = true;
      if (text.indexOf(phrase) >= 0) score += 1000;
      if (head.indexOf(phrase) >= 0) score += 600;
      for (var j = 0; j < ts.length && all; j++) {
        var t = ts[j];
        if (words.indexOf(" " + t + " ") >= 0) score += 40 * t.length;  /* a whole word */
        else if (head.indexOf(t) >= 0 || text.indexOf(t) >= 0) score += t.length > 1 ? 5 * t.length : 1;
        else all = false;
      }
      if (all) hits.push({ doc: d, score: score, order: i });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return { terms: ts, hits: hits.slice(0, 20) };
  }

  /* Where the phrase (else the longest word) first occurs, with 30 characters before it. */
  function snippet(text, phrase, ts) {
    var low = text.toLowerCase(), at = low.indexOf(phrase), len = phrase.length;
    if (at < 0) {
      var longest = ts.slice().sort(function (a, b) { return b.length - a.length; })[0] || "";
      at = Math.max(0, low.indexOf(longest)); len = longest.length;
    }
    var start = Math.max(0, at - 30), end = Math.min(text.length, at + len + 60);
    return (start ? "…" : "") + mark(text.slice(start, end), phrase, ts) + (end < text.length ? "…" : "");
  }
  function mark(text, phrase, ts) {
    var low = text.toLowerCase(), out = "", i = 0;
    var words = low.indexOf(phrase) >= 0 ? [phrase] : ts.filter(function (t) { return t.length > 1; });
    while (i < text.length) {
      var w = null;
      for (var k = 0; k < words.length; k++) { if (words[k] && low.substr(i, words[k].length) === words[k]) { w = words[k]; break; } }
      if (w) { out += "<mark>" + esc(text.substr(i, w.length)) + "</mark>"; i += w.length; }
      else { out += esc(text.charAt(i)); i++; }
    }
    return out;
  }
  function href(url, q) {
    var hash = url.indexOf("#"), path = hash < 0 ? url : url.slice(0, hash), frag = hash < 0 ? "" : url.slice(hash);
    return root.replace(/\/$/, "") + "/" + path + "?h=" + encodeURIComponent(q) + frag;
  }

  function show() {
    var q = input.value.trim();
    if (!q) { box.hidden = true; box.innerHTML = ""; return; }
    load(function () {
      var found = search(q), phrase = q.toLowerCase().replace(/\s+/g, "");
      var count = (form.getAttribute("data-count") || "{n}").replace("{n}", found.hits.length);
      box.innerHTML = found.hits.length ? '<p class="xj-results__meta">' + esc(count) + "</p><ol>" + found.hits.map(function (h) {
        var d = h.doc, title = esc(d[1]) + (d[2] ? " › " + mark(d[2], phrase, found.terms) : "");
        return '<li><a href="' + esc(href(d[0], q)) + '"><strong>' + title + "</strong><span>" +
          snippet(d[3], phrase, found.terms) + "</span></a></li>";
      }).join("") + "</ol>" : '<p class="xj-results__meta">' + esc(form.getAttribute("data-none") || "") + "</p>";
      box.hidden = false;
    });
  }

  /* On arrival from a result: mark the query in the page's text, scroll to the first mark. */
  function highlight() {
    var m = /[?&]h=([^&#]*)/.exec(window.location.search), main = document.querySelector("article") || document.querySelector("main");
    if (!m || !main) return;
    var q = decodeURIComponent(m[1].replace(/\+/g, " ")).trim().toLowerCase();
    if (!q) return;
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT), nodes = [], n, first = null;
    while ((n = walker.nextNode())) { if (n.nodeValue.toLowerCase().indexOf(q) >= 0) nodes.push(n); }
    nodes.forEach(function (node) {
      var at = node.nodeValue.toLowerCase().indexOf(q), hit = node.splitText(at);
      hit.splitText(q.length);
      var mk = document.createElement("mark");
      mk.className = "xj-hit";
      hit.parentNode.replaceChild(mk, hit);
      mk.appendChild(hit);
      first = first || mk;
    });
    if (first && !window.location.hash) first.scrollIntoView({ block: "center" });
  }

  if (input && box && form) {
    input.addEventListener("input", show);
    input.addEventListener("compositionend", show);
    input.addEventListener("focus", function () { load(function () {}); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; show(); }
      if (e.key === "Enter") { e.preventDefault(); var a = box.querySelector("a"); if (a) window.location.href = a.href; }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) box.hidden = true; });
  }
  highlight();
})();
