// Drives Debian's Chromium over a served xuanjiao site and writes what it saw as JSON.
// Usage: node check_site.js CONFIG.json OUT.json
// CONFIG: {base, chromium, shots, pages: {name: path}, all_pages: [path], search: [{word}], campaign: path}
// The assertions live in tests/test_browser.py; this script only observes.
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

async function main() {
  const [configPath, outPath] = process.argv.slice(2);
  const cfg = JSON.parse(fs.readFileSync(configPath, "utf8"));
  const base = new URL(cfg.base);
  const out = { requests: {}, foreign: [], page_errors: [], search: [], overflow: {}, axe: {}, calendar: {},
    campaign_links: [], downloads: [] };
  const browser = await chromium.launch({ executablePath: cfg.chromium, headless: true, args: FLAGS });
  try {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const phone = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2,
      isMobile: true, hasTouch: true, locale: "zh-CN" });
    for (const ctx of [desktop, phone]) {
      // Record every request; anything not for the local server is answered with an abort at once
      // (a page that waits on a CDN stalls for 10-20 s in China, and the test must not).
      await ctx.route("**/*", (route) => {
        const u = new URL(route.request().url());
        if (u.host !== base.host && u.protocol !== "data:" && u.protocol !== "blob:") return route.abort();
        return route.continue();
      });
      ctx.on("request", (req) => {
        const u = new URL(req.url());
        if (u.protocol === "data:" || u.protocol === "blob:") return;
        if (u.host !== base.host) out.foreign.push({ page: req.frame()?.url() || "", url: req.url() });
      });
    }
    const desk = await desktop.newPage();
    desk.on("pageerror", (e) => out.page_errors.push(`${desk.url()}: ${e.message}`));

    // Every page once: requests to other hosts, script errors.
    for (const p of cfg.all_pages) {
      await desk.goto(new URL(p, base).href, { waitUntil: "load" });
    }

    // Search: type each word the way a person does, read the result links.
    for (const { word } of cfg.search) {
      await desk.goto(new URL(cfg.pages.home, base).href, { waitUntil: "load" });
      const input = desk.locator("#xj-q");  // the site's own search box (every engine)
      await input.click();
      await input.pressSequentially(word, { delay: 30 });
      let hrefs = [];
      try {
        await desk.waitForFunction(() => document.querySelectorAll("#xj-results li a").length > 0,
          null, { timeout: 8000 });
      } catch (e) { /* no results: reported as an empty list */ }
      hrefs = await desk.$$eval("#xj-results li a", (as) => as.map((a) => a.href));
      const meta = await desk.textContent(".xj-results__meta").catch(() => "");
      out.search.push({ word, hrefs: hrefs.map((h) => new URL(h).pathname), meta });
    }

    // Calendar: visible text and links.
    await desk.goto(new URL(cfg.pages.calendar, base).href, { waitUntil: "load" });
    out.calendar = {
      text: await desk.innerText("article"),
      links: await desk.$$eval("article a[href]", (as) => as.map((a) => new URL(a.href).pathname)),
    };

    // Campaign page: its links, and every same-site file link fetched for real.
    await desk.goto(new URL(cfg.campaign, base).href, { waitUntil: "load" });
    out.campaign_links = await desk.$$eval("article a[href]", (as) => as.map((a) => ({ href: a.href, text: a.textContent.trim() })));
    for (const { href } of out.campaign_links) {
      const u = new URL(href);
      if (u.host !== base.host || u.pathname.endsWith(".html")) continue;
      const res = await desktop.request.get(href);
      const body = await res.body();
      out.downloads.push({ path: u.pathname, status: res.status(), type: res.headers()["content-type"] || "",
        size: body.length, head: body.subarray(0, 8).toString("latin1") });
    }

    // axe-core on the key pages (desktop), WCAG 2.x A/AA rules.
    for (const [name, p] of Object.entries(cfg.pages)) {
      await desk.goto(new URL(p, base).href, { waitUntil: "load" });
      await desk.addScriptTag({ content: AXE });
      out.axe[name] = await desk.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })) }));
      });
    }

    // Phone: horizontal scroll and a screenshot of each key page.
    const mob = await phone.newPage();
    mob.on("pageerror", (e) => out.page_errors.push(`${mob.url()} (phone): ${e.message}`));
    for (const [name, p] of Object.entries(cfg.pages)) {
      await mob.goto(new URL(p, base).href, { waitUntil: "load" });
      out.overflow[name] = await mob.evaluate(() => {
        const w = window.innerWidth;
        const wide = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > w + 1)
          .slice(0, 8).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right=${Math.round(el.getBoundingClientRect().right)}`);
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide };
      });
      await mob.screenshot({ path: path.join(cfg.shots, `${name}-375.png`), fullPage: true });
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(outPath, JSON.stringify(out, null, 1));
}

main().catch((e) => { console.error(e); process.exit(1); });
