// Opens an exported WeChat article (build/wechat/ID/article.html) on a 375 px phone screen and
// writes what it saw as JSON: the visible text, every request made, elements without an inline
// style, pictures that did not load, horizontal overflow; and a full-page screenshot.
// Usage: node wechat_article.js CHROMIUM ARTICLE.html OUT.json SHOT.png
// The assertions live in tests/test_wechat_export.py; this script only observes.
"use strict";
const fs = require("fs");
const { pathToFileURL } = require("url");
const { chromium } = require("playwright-core");

async function main() {
  const [exe, article, outPath, shot] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu",
    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  const out = { requests: [] };
  try {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true,
      hasTouch: true, locale: "zh-CN" });
    await ctx.route("**/*", (route) => {
      out.requests.push(route.request().url());
      return route.request().url().startsWith("file:") ? route.continue() : route.abort();
    });
    const page = await ctx.newPage();
    await page.goto(pathToFileURL(article).href, { waitUntil: "load" });
    out.text = await page.innerText("body");
    out.unstyled = await page.$$eval("body, body *", (els) => els
      .filter((e) => !["BR"].includes(e.tagName) && !(e.getAttribute("style") || "").trim())
      .map((e) => e.tagName + ":" + (e.textContent || "").slice(0, 30)));
    out.broken_images = await page.$$eval("img", (imgs) => imgs.filter((i) => !i.complete || i.naturalWidth === 0)
      .map((i) => i.getAttribute("src")));
    out.images = await page.$$eval("img", (imgs) => imgs.map((i) => ({ src: i.getAttribute("src"),
      width: i.getBoundingClientRect().width })));
    out.scroll_width = await page.evaluate(() => document.documentElement.scrollWidth);
    out.body_font = await page.$eval(".wx-probe, body p", (p) => {
      const s = getComputedStyle(p);
      return { size: s.fontSize, line: s.lineHeight };
    });
    await page.screenshot({ path: shot, fullPage: true });
  } finally {
    await browser.close();
  }
  fs.writeFileSync(outPath, JSON.stringify(out, null, 1));
}

main().catch((e) => { console.error(e); process.exit(1); });
