// 宣教工作台, the 发布 page: follows a running build through server-sent events and redraws its
// stages (印刷文件 12/40 · 最慢 …); when the build ends the page is loaded again and shows the
// downloads or the errors. Without this script the page refreshes itself (a <noscript> refresh).
(function () {
  "use strict";
  var box = document.getElementById("publish-run");
  if (!box || box.getAttribute("data-state") !== "running" || !window.EventSource) { return; }
  var run = encodeURIComponent(box.getAttribute("data-run"));
  var list = document.getElementById("run-stages");
  var status = document.getElementById("run-status");
  var seen = 0;
  // the page's words, in the reader's language (the template puts them here)
  var words = { running: box.getAttribute("data-running"), took: box.getAttribute("data-took") };

  function span(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = text;
    return el;
  }

  function item(stage) {
    var li = document.createElement("li");
    li.className = "stage stage-" + stage.state;
    li.appendChild(span("stage-label", stage.label));
    if (stage.total) {
      var bar = document.createElement("progress");
      bar.max = stage.total;
      bar.value = stage.done;
      bar.setAttribute("aria-label", stage.label);
      bar.textContent = stage.done + "/" + stage.total;
      li.appendChild(bar);
    }
    if (stage.counts) { li.append(" ", span("stage-counts", stage.counts)); }
    if (stage.state === "done") {
      li.append(" ", span("stage-time", "· " + words.took.replace("{seconds}", stage.seconds.toFixed(1))));
    }
    return li;
  }

  function draw(event) {
    var data = JSON.parse(event.data);
    list.replaceChildren.apply(list, data.stages.map(item));
    var current = data.stages[data.stages.length - 1];
    var text = words.running + (current ? current.label : "");
    if (status.textContent !== text) { status.textContent = text; }  // a screen reader hears each stage once
    seen += 1;
    box.setAttribute("data-events", String(seen));
  }

  var source = new EventSource("/publish/events?run=" + run);
  source.addEventListener("progress", draw);
  source.addEventListener("done", function () {
    source.close();
    window.location.replace("/publish?run=" + run);
  });
})();
