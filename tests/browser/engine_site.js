// One built site (any engine) in Debian's Chromium, opened from file:// as from a USB stick;
// writes what it saw as JSON. The assertions live in tests/test_browser_engines.py.
// Usage: node engine_site.js CONFIG.json OUT.json
// CONFIG: {chromium, site (folder), search: [word], pages: {name: path}, campaign, material, shots (folder or "")}
"use strict";
const fs = require("fs");
const path = require("path");
const { pathToFileURL } = require("url");
const { chromium } = require("playwright-core");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--allow-file-access-from-files"];

async function typeQuery(page, word) {
  const input = page.locator("#xj-q");
  await input.click();
  await input.fill("");
  await input.pressSequentially(word, { delay: 20 });
  try {
    await page.waitForFunction(() => { const b = document.getElementById("xj-results"); return b && !b.hidden && b.querySelector("p"); },
      null, { timeout: 8000 });
  } catch (e) { /* no results box: reported as empty */ }
  return page.evaluate(() => [...document.querySelectorAll("#xj-results li a")].slice(0, 5).map((a) => ({
    href: a.getAttribute("href"), url: a.href, marks: [...a.querySelectorAll("mark")].map((m) => m.textContent),
    text: a.textContent })));
}

// The section a URL's #fragment names: the heading's text and the text up to the next heading.
async function landing(page) {
  return page.evaluate(() => {
    const marks = [...document.querySelectorAll("mark.xj-hit")].map((m) => m.textContent);
    const id = decodeURIComponent(location.hash.slice(1));
    const head = id ? document.getElementById(id) : null;
    let text = "";
    if (head) {
      for (let el = head.nextElementSibling; el && !/^H[1-6]$/.test(el.tagName); el = el.nextElementSibling) text += el.textContent;
    } else {
      text = (document.querySelector("article") || document.body).textContent;
    }
    return { marks, section: head ? head.textContent.trim() : "", text };
  });
}

// At phone width: what sticks out of the viewport, the page's scroll width, sessions and buttons.
async function phoneFacts(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
      if (!r.width || r.right <= 0 || cs.visibility === "hidden" || cs.display === "none") continue;  // off-canvas drawers
      let clipped = false;  // inside a closed/hidden or screen-reader-only box
      for (let p = el; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.clip !== "auto" || (s.position === "absolute" && parseFloat(s.width) <= 1)) { clipped = true; break; }
      }
      if (clipped) continue;
      if (r.right > w + 1 || r.left < -1 || el.scrollWidth > el.clientWidth + 1 && ["auto", "scroll"].includes(cs.overflowX))
        wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} left=${Math.round(r.left)} right=${Math.round(r.right)} scroll=${el.scrollWidth}/${el.clientWidth}`);
    }
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
    const sessions = [...document.querySelectorAll(".xj-session")].filter(visible).map((s) => ({
      date: s.querySelector(".xj-session__date")?.textContent.trim() || "",
      time: s.querySelector(".xj-session__time")?.textContent.trim() || "",
      place: s.querySelector(".xj-session__place")?.textContent.trim() || "",
      right: Math.round(s.getBoundingClientRect().right),
      dateLines: (() => { const d = s.querySelector(".xj-session__date"); if (!d) return 0;
        const lh = parseFloat(getComputedStyle(d).lineHeight) || 20; return Math.round(d.getBoundingClientRect().height / lh); })() }));
    const order = (sel) => { const el = document.querySelector(sel); return el && visible(el) ? el.getBoundingClientRect().top + window.scrollY : null; };
    return { innerWidth: w, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10), sessions,
      venueTable: [...document.querySelectorAll(".xj-venue-table table")].some(visible),
      buttonsTop: order(".xj-downloads .md-button"), qrTop: order(".xj-qr") };
  });
}

async function main() {
  const [configPath, outPath] = process.argv.slice(2);
  const cfg = JSON.parse(fs.readFileSync(configPath, "utf8"));
  const url = (p) => pathToFileURL(path.join(cfg.site, p)).href;
  const out = { search: {}, phone: {}, axe: {}, page_errors: [], foreign: [] };
  const browser = await chromium.launch({ executablePath: cfg.chromium, headless: true, args: FLAGS });
  try {
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const phone = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 1,
      isMobile: true, hasTouch: true, locale: "zh-CN" });
    for (const ctx of [desktop, phone]) {
      await ctx.route("**/*", (route) => {
        const u = route.request().url();
        if (u.startsWith("file:") || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
        out.foreign.push(u);
        return route.abort();
      });
    }
    const desk = await desktop.newPage();
    desk.on("pageerror", (e) => out.page_errors.push(`${desk.url()}: ${e.message}`));

    for (const word of cfg.search) {
      await desk.goto(url(cfg.pages.home), { waitUntil: "load" });
      const results = await typeQuery(desk, word);
      let landed = null;
      if (results.length) {
        await desk.goto(results[0].url, { waitUntil: "load" });
        landed = await landing(desk);
      }
      out.search[word] = { results, landed };
    }

    for (const [name, p] of Object.entries(cfg.pages)) {
      await desk.goto(url(p), { waitUntil: "load" });
      await desk.addScriptTag({ content: AXE });
      out.axe[name] = await desk.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })) }));
      });
      if (cfg.shots) await desk.screenshot({ path: path.join(cfg.shots, `${name}-1280.png`), fullPage: true });
    }

    const mob = await phone.newPage();
    mob.on("pageerror", (e) => out.page_errors.push(`${mob.url()} (phone): ${e.message}`));
    for (const [name, p] of Object.entries(cfg.pages)) {
      await mob.goto(url(p), { waitUntil: "load" });
      out.phone[name] = await phoneFacts(mob);
      if (cfg.shots) await mob.screenshot({ path: path.join(cfg.shots, `${name}-375.png`), fullPage: true });
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(outPath, JSON.stringify(out, null, 1));
}

main().catch((e) => { console.error(e); process.exit(1); });
