// The bridges in Chromium, by role and Chinese label: a writer imports a Word draft from the
// start page, opens it, and copies it for the 公众号 from the 375 px preview.
// Prints one JSON object of what was seen; screenshots go to SHOTS.
// Usage: node bridges_journey.js CHROMIUM URL PASSWORD DOCX SHOTS
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");
const lib = require("./workspace_lib");

const [exe, base, password, docx, shots] = process.argv.slice(2);
const out = { axe: {}, page_errors: [], requests: [] };

async function audit(page, name) {
  out.axe[name] = await lib.axeViolations(page);
}

async function main() {
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", bypassCSP: true });
    await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    ctx.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) out.requests.push(r.url()); });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => out.page_errors.push(e.message));
    await page.goto(new URL("/login", base).href);
    await page.getByLabel("用户名").fill("ann");
    await page.getByLabel("密码").fill(password);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(new URL("/", base).href);

    await page.getByRole("link", { name: "从 Word 导入" }).click();
    await audit(page, "import");
    await page.getByLabel("Word 文件（.docx）").setInputFiles(docx);
    await page.getByLabel("资料类型").selectOption({ label: "三折页" });
    await page.getByLabel("编号（可不填）").fill("bp-leaflet");
    await page.getByRole("button", { name: "导入为草稿" }).click();
    out.imported = await page.getByRole("status").innerText();
    out.warnings = await page.locator(".diag-warning").allInnerTexts();
    await audit(page, "imported");
    await page.screenshot({ path: path.join(shots, "imported-1280.png"), fullPage: true });

    await page.getByRole("link", { name: "打开草稿继续编辑" }).click();
    out.edit_heading = await page.getByRole("heading", { level: 1 }).innerText();
    await page.getByRole("link", { name: "复制到公众号" }).click();
    const frame = page.frameLocator("iframe[title^='公众号文章预览']");
    await frame.locator("body").waitFor();
    out.frame_box = await page.locator("iframe.wechat-preview").boundingBox();
    out.frame_text = await frame.locator("body").innerText();
    out.frame_scroll = await frame.locator("body").evaluate((b) => b.ownerDocument.documentElement.scrollWidth);
    out.downloads = await page.locator("#h-pictures ~ ul a[download]").allInnerTexts();
    await page.getByRole("button", { name: "复制文章" }).click();
    await page.getByRole("status").filter({ hasText: "已复制" }).waitFor();
    out.clipboard = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      return await (await item.getType("text/html")).text();
    });
    await audit(page, "wechat");
    await page.screenshot({ path: path.join(shots, "wechat-1280.png"), fullPage: true });
  } finally {
    await browser.close();
  }
}

main().then(() => process.stdout.write(JSON.stringify(out) + "\n"))
  .catch((e) => { process.stdout.write(JSON.stringify(out) + "\n"); console.error(e); process.exit(1); });
