// 复制到公众号: copy the article shown in the preview frame as rich text (HTML with its inline
// styles), so the 公众号 editor keeps the look (the words come from the button's data-*, translated); when the browser refuses the clipboard API,
// select the article in the frame and copy it the old way.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("wechat-copy");
  if (!button) return;
  const said = document.getElementById("wechat-copied");
  button.addEventListener("click", async () => {
    const doc = document.getElementById(button.dataset.frame).contentDocument;
    const html = doc.body.innerHTML;
    try {
      await navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([doc.body.innerText], { type: "text/plain" }),
      })]);
      said.textContent = button.dataset.copied;
    } catch (e) {
      const range = doc.createRange();
      range.selectNodeContents(doc.body);
      const selection = doc.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      said.textContent = doc.execCommand("copy") ? button.dataset.copied : button.dataset.failed;
    }
  });
});
