// Opens a page served by `xuanjiao serve`, says "ready", then waits until the page shows TEXT
// (after the live-reload) and says "seen <ms since the page was told to go>".
// Usage: node live_edit.js CHROMIUM URL TEXT   (stdin: a line "go" when the edit was saved)
"use strict";
const readline = require("readline");
const { chromium } = require("playwright-core");

async function main() {
  const [exe, url, text] = process.argv.slice(2);
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu",
    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForFunction(() => window.EventSource && document.querySelector("script[data-gen]"));
    await page.waitForTimeout(300); // the event stream is connected
    process.stdout.write("ready\n");
    const rl = readline.createInterface({ input: process.stdin });
    for await (const line of rl) { if (line.trim() === "go") break; }
    const start = Date.now();
    await page.waitForFunction((t) => document.body && document.body.innerText.includes(t), text, { timeout: 15000, polling: 50 });
    process.stdout.write(`seen ${Date.now() - start}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
