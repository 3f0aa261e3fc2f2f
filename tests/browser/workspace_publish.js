// The 发布 page as an admin uses it: open it from the menu, press 发布, watch the stages move
// (server-sent events drawn by static/publish.js, under the workspace's own CSP), then find the
// download links; one zip is fetched as the browser would.
// Prints one JSON object of what was seen; screenshots go to SHOTS.
// Usage: node workspace_publish.js CHROMIUM URL NAME PASSWORD SHOTS
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");
const lib = require("./workspace_lib");


const [exe, base, name, password, shots] = process.argv.slice(2);
const out = { progress: [], page_errors: [], csp: [], requests: [] };

async function login(page) {
  return lib.login(page, base, name, password);
}

async function withoutScript(browser) {
  // the same with script off: the page refreshes itself until the downloads are there
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", javaScriptEnabled: false });
  const page = await ctx.newPage();
  let loads = 0;
  page.on("load", () => { loads += 1; });
  await login(page);
  await page.goto(new URL("/publish", base).href);
  const before = loads;
  await page.getByRole("button", { name: "发布", exact: true }).click();
  await page.getByRole("link", { name: /^网站（/ }).waitFor({ timeout: 240000 });
  out.noscript = { loads: loads - before, status: await page.locator("#run-status").innerText(), url: page.url() };
  await ctx.close();
}

async function accessibility(browser, url) {
  // axe is injected as an inline script, which the workspace's policy rightly refuses: bypassed here only
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", bypassCSP: true });
  const page = await ctx.newPage();
  await login(page);
  await page.goto(url);
  await page.locator("details.more-fields summary").click();  // the warnings too
  out.axe = await lib.axeViolations(page);
  await ctx.close();
}

async function main() {
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", acceptDownloads: true });
    ctx.on("request", (r) => { if (!r.url().startsWith(base)) out.requests.push(r.url()); });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => out.page_errors.push(e.message));
    page.on("console", (m) => { if (/Content Security Policy|Refused to/.test(m.text())) out.csp.push(m.text()); });
    // every redraw of the stage list, across the reload at the end (an exposed function outlives it)
    await page.exposeFunction("reportProgress", (text) => out.progress.push(text));
    await page.addInitScript(() => {
      document.addEventListener("DOMContentLoaded", () => {
        const list = document.getElementById("run-stages");
        if (!list) return;
        new MutationObserver(() => window.reportProgress(list.innerText)).observe(list, { childList: true, subtree: true });
      });
    });
    await login(page);
    await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "发布" }).click();
    out.heading = await page.getByRole("heading", { level: 1 }).innerText();
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await page.waitForURL(/\/publish\?run=\d+$/);
    out.run_url = page.url();
    await page.locator("#run-stages li").first().waitFor({ timeout: 10000 })
      .then(() => page.screenshot({ path: path.join(shots, "publish-running-1280.png"), fullPage: true }))
      .catch(() => {});  // a build quicker than the page is fine: its events are replayed
    // the page is reloaded when the build ends: then the downloads are there
    const site = page.getByRole("link", { name: /^网站（/ });
    await site.waitFor({ timeout: 240000 });
    out.status = await page.locator("#run-status").innerText();
    out.downloads = await page.locator("ul.downloads a").evaluateAll((as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute("href") })));
    out.history = await page.locator("table.builds tbody tr").allInnerTexts();
    await page.screenshot({ path: path.join(shots, "publish-done-1280.png"), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent("download"), site.click()]);
    out.download_name = download.suggestedFilename();
    const saved = path.join(shots, "site.zip");
    await download.saveAs(saved);
    out.download_path = saved;
    await page.setViewportSize({ width: 375, height: 800 });
    out.scroll_width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: path.join(shots, "publish-done-375.png"), fullPage: true });
    await withoutScript(browser);
    await accessibility(browser, out.run_url);
  } finally {
    await browser.close();
  }
}

main().then(() => process.stdout.write(JSON.stringify(out) + "\n"))
  .catch((e) => { process.stdout.write(JSON.stringify(out) + "\n"); console.error(e); process.exit(1); });
