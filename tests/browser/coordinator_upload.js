// The coordinator's page in Chromium, used by role and Chinese label as a person would: open the
// campaign's plan from the menu, download the blank 统计表, upload a return with a bad cell and
// read the problem at its cell, upload the corrected one and read the roll-up and its charts;
// then a writer opens the volunteers page and is refused.
// Prints one JSON object of what was seen; screenshots at 375 and 1280 px go to SHOTS.
// Usage: node coordinator_upload.js CHROMIUM URL PASSWORD CAMPAIGN_TITLE BAD GOOD SHOTS
"use strict";
const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const lib = require("./workspace_lib");

const [exe, base, password, title, bad, good, shots] = process.argv.slice(2);
const out = { steps: [], axe: {}, page_errors: [], requests: [] };

async function login(page, name) {
  return lib.login(page, base, name, password);
}

async function audit(page, name) {
  out.axe[name] = await lib.axeViolations(page);
}

async function upload(page, file) {
  await page.getByLabel("上传填好的统计表（.xlsx 或 .csv）").setInputFiles(file);
  await page.getByRole("button", { name: "上传并检查" }).click();
  await page.waitForLoadState("load");
}

async function coordinator(page, context) {
  await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "活动方案" }).click();
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  out.plan_url = page.url();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "空白统计表（各场次填报）" }).click(),
  ]);
  const blank = path.join(shots, "blank.xlsx");
  await download.saveAs(blank);
  out.blank_name = download.suggestedFilename();
  out.blank = fs.readFileSync(blank).toString("base64");

  await upload(page, bad);
  const alert = page.getByRole("alert").filter({ hasText: "未保存" });
  await alert.waitFor();
  out.bad_alert = await alert.innerText();
  out.bad_cells = await alert.locator("li.diag-error strong").allInnerTexts();
  out.bad_items = await alert.locator("li.diag-error").allInnerTexts();
  await page.screenshot({ path: path.join(shots, "upload-error-1280.png"), fullPage: true });
  out.steps.push("bad");

  await upload(page, good);
  out.saved = await page.getByRole("status").innerText();
  out.files = await page.locator(".report-files > li").allInnerTexts();
  out.rollup_total = await page.getByRole("table", { name: "本活动各场所" }).locator("tfoot tr").innerText();
  await page.waitForFunction(() => [...document.querySelectorAll(".chart img")].every((i) => i.complete));
  out.charts = await page.locator(".chart img").evaluateAll((imgs) => imgs.map((i) => i.naturalWidth));
  await audit(page, "plan");
  await page.screenshot({ path: path.join(shots, "plan-1280.png"), fullPage: true });
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 375, height: 800 });
  await phone.goto(page.url());
  out.phone_width = await phone.evaluate(() => document.documentElement.scrollWidth);
  await phone.screenshot({ path: path.join(shots, "plan-375.png"), fullPage: true });
  await phone.close();
  await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "志愿者" }).click();
  out.volunteers_rows = await page.locator("table.volunteers tbody tr").count();
  await audit(page, "volunteers");
  out.steps.push("good");
}

async function main() {
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    // bypassCSP: axe is injected as an inline script, which the workspace's policy rightly refuses
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", bypassCSP: true, acceptDownloads: true });
    ctx.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) out.requests.push(r.url()); });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => out.page_errors.push(e.message));
    await login(page, "cora");
    await coordinator(page, ctx);
    const writerCtx = await browser.newContext({ locale: "zh-CN" });
    const writer = await writerCtx.newPage();
    await login(writer, "ann");
    out.writer_menu = await writer.getByRole("navigation", { name: "主菜单" }).innerText();
    const refused = await writer.goto(new URL("/volunteers", base).href);
    out.writer_volunteers = refused.status();
    out.writer_text = await writer.getByRole("alert").innerText();
  } finally {
    await browser.close();
  }
}

main().then(() => process.stdout.write(JSON.stringify(out) + "\n"))
  .catch((e) => { process.stdout.write(JSON.stringify(out) + "\n"); console.error(e); process.exit(1); });
