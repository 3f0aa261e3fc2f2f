// 宣教工作台: the body editor's toolbar and cleaning of text pasted from Word or WeChat.
// Plain Markdown goes into the textarea; without this script the form still works.
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
      var t = a.value.slice(a.selectionStart, a.selectionEnd) || "加粗的文字";
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
  document.addEventListener("DOMContentLoaded", function () {
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
