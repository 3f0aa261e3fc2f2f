/* Offline Chinese search for the Pelican site: loads search/index.js (built with jieba)
   on first use, looks the query's words up and falls back to a substring scan. */
(function () {
  "use strict";
  var input = document.getElementById("xj-q"), box = document.getElementById("xj-results");
  if (!input || !box) return;
  var root = document.body.getAttribute("data-root") || ".", loading = false, pending = null;

  function load(then) {
    if (window.XJ_SEARCH) return then();
    pending = then;
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = root + "/search/index.js";
    s.onload = function () { if (pending) pending(); };
    document.head.appendChild(s);
  }
  function esc(t) { return t.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }
  function terms(q) { return q.toLowerCase().split(/[\s\u3000，。、,.;；:：!?！？]+/).filter(function (t) { return t.length; }); }

  function search(q) {
    var idx = window.XJ_SEARCH, ts = terms(q), scores = {};
    if (!ts.length) return [];
    for (var i = 0; i < idx.docs.length; i++) {
      var d = idx.docs[i], title = d[1].toLowerCase(), text = d[2].toLowerCase(), score = 0, all = true;
      for (var j = 0; j < ts.length; j++) {
        var t = ts[j], hit = 0, posting = idx.words[t];
        if (title.indexOf(t) >= 0) hit += 10;
        if (posting && posting.indexOf(i) >= 0) hit += 5;
        else if (text.indexOf(t) >= 0) hit += 2;
        if (!hit) { all = false; break; }
        score += hit;
      }
      if (all) scores[i] = score;
    }
    return Object.keys(scores).sort(function (a, b) { return scores[b] - scores[a] || a - b; }).slice(0, 20)
      .map(function (i) { return idx.docs[i]; });
  }
  function snippet(text, t) {
    var at = Math.max(0, text.toLowerCase().indexOf(t)), start = Math.max(0, at - 30);
    var part = text.slice(start, at + t.length + 50);
    return (start ? "…" : "") + esc(part).split(esc(t)).join("<mark>" + esc(t) + "</mark>") + "…";
  }
  function show() {
    var q = input.value.trim();
    if (!q) { box.hidden = true; box.innerHTML = ""; return; }
    load(function () {
      var hits = search(q), t = terms(q)[0] || "";
      box.innerHTML = hits.length ? hits.map(function (d) {
        return '<a href="' + root + "/" + d[0] + '"><strong>' + esc(d[1]) + "</strong>" + snippet(d[2], t) + "</a>";
      }).join("") : "<p>" + esc(document.body.getAttribute("data-none") || "") + "</p>";
      box.hidden = false;
    });
  }
  input.addEventListener("input", show);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; show(); }
    if (e.key === "Enter") { var a = box.querySelector("a"); if (a) window.location.href = a.href; }
  });
  document.addEventListener("click", function (e) { if (!box.contains(e.target) && e.target !== input) box.hidden = true; });
})();
