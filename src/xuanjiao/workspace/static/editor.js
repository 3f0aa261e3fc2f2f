// 宣教工作台: the body editor's toolbar and cleaning of text pasted from Word or WeChat.
// Plain Markdown goes into the textarea; without this script the form still works.
// Its words come from the page (data-* attributes, from the workspace catalog).
(function () {
  "use strict";
  function wrapLines(area, prefix) {
    var s = area.selectionStart, e = area.selectionEnd, v = area.value;
    var start = v.lastIndexOf("\n", s - 1) + 1;
    var block = v.slice(start, e).split("\n").map(function (l) { return l.startsWith(prefix) ? l : prefix + l; }).join("\n");
    area.setRangeText(block, start, e, "select");
  }
  var actions = {
    bold: function (a) {
      var t = a.value.slice(a.selectionStart, a.selectionEnd) || a.dataset.boldSample;
      a.setRangeText("**" + t + "**", a.selectionStart, a.selectionEnd, "select");
    },
    heading: function (a) { wrapLines(a, "## "); },
    list: function (a) { wrapLines(a, "- "); },
    image: function () { var f = document.getElementById("f-image"); if (f) { f.focus(); f.click(); } },
    "break": function (a) { a.setRangeText("\n\n<!-- break -->\n\n", a.selectionStart, a.selectionEnd, "end"); }
  };
  // Word and WeChat paste bullets, non-breaking and zero-width spaces, and smart line breaks.
  function clean(text) {
    return text.replace(/\r\n?/g, "\n").replace(/[\u200b-\u200d\ufeff]/g, "").replace(/\u00a0/g, " ")
      .replace(/^[ \t]*[•·●▪◆■][ \t]*/gm, "- ").replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n");
  }
  // The print preview is laid out by the print stage (about 2 s): fetched after the page shows.
  function printPreview() {
    var box = document.querySelector("[data-pages]");
    if (!box || !window.fetch) { return; }
    var pages = box.querySelector(".pages");
    pages.innerHTML = "";
    var wait = document.createElement("p"); wait.className = "loading"; wait.textContent = box.dataset.loading; pages.appendChild(wait);
    fetch(box.dataset.pages, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) {
      pages.textContent = "";
      d.problems.forEach(function (p) { var e = document.createElement("p"); e.className = "error"; e.textContent = p; pages.appendChild(e); });
      d.pages.forEach(function (src, i) {
        var img = document.createElement("img");
        img.src = src; img.alt = box.dataset.pageAlt.replace("{n}", String(i + 1)); img.width = 720;
        pages.appendChild(img);
      });
    }).catch(function () { pages.textContent = box.dataset.failed; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    printPreview();
    var area = document.getElementById("f-body");
    if (!area) { return; }
    document.querySelectorAll(".toolbar [data-md]").forEach(function (b) {
      b.addEventListener("click", function () {
        actions[b.dataset.md](area);
        area.focus();
        area.dispatchEvent(new Event("input"));
      });
    });
    area.addEventListener("paste", function (ev) {
      var text = ev.clipboardData && ev.clipboardData.getData("text/plain");
      if (!text) { return; }
      ev.preventDefault();
      area.setRangeText(clean(text), area.selectionStart, area.selectionEnd, "end");
    });
  });
}());
