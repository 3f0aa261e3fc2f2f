// Types each query into the Pelican theme's search box (opened from file://, as from a USB
// stick) and prints {query: [result hrefs]} as JSON; also lists requests to any other host.
// Usage: node pelican_search.js CHROMIUM FILE_URL QUERY...
"use strict";
const { chromium } = require("playwright-core");

async function main() {
  const [exe, url, ...queries] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu",
    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  const out = { results: {}, foreign: [] };
  try {
    const page = await browser.newPage();
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) out.foreign.push(r.url()); });
    await page.goto(url, { waitUntil: "load" });
    for (const q of queries) {
      await page.fill("#xj-q", "");
      await page.type("#xj-q", q, { delay: 20 });
      await page.waitForFunction(() => { const b = document.getElementById("xj-results"); return b && !b.hidden && b.children.length; });
      out.results[q] = await page.$$eval("#xj-results a", (as) => as.map((a) => a.href));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
