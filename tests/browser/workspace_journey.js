// The workspace journeys, driven by roles and Chinese labels as a person would use them:
// an admin adds a writer and a reviewer; the writer creates a leaflet from the form, writes the
// body with the toolbar, uploads an image, sees an unknown venue marked at its field, fixes it,
// sees the preview change and saves; then two sessions edit the same material at once.
// Prints one JSON object of what was seen; screenshots at 375 and 1280 px go to SHOTS.
// Usage: node workspace_journey.js CHROMIUM URL ADMIN_PASSWORD IMAGE SHOTS
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");
const lib = require("./workspace_lib");

const [exe, base, adminPassword, image, shots] = process.argv.slice(2);
const PASSWORD = "journey-pass-1";
const out = { steps: [], axe: {}, overflow: {}, page_errors: [], requests: [] };

async function login(page, name, password) {
  return lib.login(page, base, name, password);
}

async function audit(page, name) {
  out.axe[name] = await lib.axeViolations(page);
}

async function shoot(context, url, name) {
  // the same page on a phone: no sideways scrolling, and a picture to look at
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 375, height: 800 });
  await phone.goto(url);
  out.overflow[name] = await phone.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5).map((el) => el.tagName.toLowerCase() + "." + [...el.classList].join(".")) }));
  await phone.screenshot({ path: path.join(shots, `${name}-375.png`), fullPage: true });
  await phone.close();
}

async function adminAddsUsers(admin) {
  await admin.getByRole("link", { name: "用户管理" }).click();
  for (const [name, role] of [["wangfang", "编辑"], ["dr-xu", "审核"]]) {
    await admin.getByLabel("用户名").fill(name);
    await admin.getByLabel("角色").selectOption({ label: role });
    await admin.getByLabel("初始密码").fill(PASSWORD);
    await admin.getByRole("button", { name: "添加用户" }).click();
    await admin.getByRole("status").filter({ hasText: `已添加用户 ${name}` }).waitFor();
  }
  out.users = await admin.locator("table.users tbody tr td:first-child").allInnerTexts();
  await audit(admin, "users");
  await admin.screenshot({ path: path.join(shots, "users-1280.png"), fullPage: true });
}

async function writeBody(page) {
  const body = page.getByLabel("正文", { exact: true });
  await body.click();
  await body.press("Control+End");
  await page.keyboard.type("碘盐很重要");
  await page.keyboard.press("Shift+Home");
  await page.getByRole("button", { name: "加粗" }).click();
  await body.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.type("怎样补碘");
  await page.keyboard.press("Shift+Home");
  await page.getByRole("button", { name: "标题" }).click();
  await body.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("每天吃碘盐");
  await page.keyboard.press("Shift+Home");
  await page.getByRole("button", { name: "列表" }).click();
  await body.press("Control+End");
  await page.getByRole("button", { name: "分页" }).click();
  await page.keyboard.type("第二页：不清楚问医生");
  return body.inputValue();
}

async function writerCreatesLeaflet(writer) {
  out.home_titles = await writer.locator("section[aria-labelledby=h-materials] li a").allInnerTexts();
  await audit(writer, "home");
  await writer.screenshot({ path: path.join(shots, "home-1280.png"), fullPage: true });
  await writer.getByRole("link", { name: "新建资料" }).first().click();
  await writer.getByLabel("编号（文件名）").fill("salt-leaflet-2027");
  await writer.getByLabel(/^标题/).fill("少盐控压 健康一生");
  await writer.getByLabel(/^类型/).selectOption({ label: "三折页" });
  await writer.getByLabel("尺寸").fill("A4");
  await writer.getByLabel("目标人群").fill("老年人、城乡居民");
  await writer.getByText("更多设置").click();  // venue is folded away for kinds other than boards
  await writer.getByLabel("场地", { exact: true }).fill("gaopo-markt");
  out.body_typed = await writeBody(writer);
  await writer.getByLabel("图片文件").setInputFiles(image);
  await writer.getByLabel("图片说明").fill("碘盐");
  out.preview_before = await writer.locator("section.preview").innerText();
  await writer.getByRole("button", { name: "检查并预览" }).click();
  await writer.getByText("尚未保存").waitFor();
  const venue = writer.getByLabel("场地", { exact: true });
  out.venue_invalid = await venue.getAttribute("aria-invalid");
  out.venue_message = await writer.locator("#" + (await venue.getAttribute("aria-describedby"))).innerText();
  out.preview_after = await writer.locator("section.preview").innerText();
  out.preview_images = await writer.locator("section.preview img").evaluateAll((imgs) => imgs.map((i) => i.naturalWidth));
  out.body_after_check = await writer.getByLabel("正文", { exact: true }).inputValue();
  await audit(writer, "edit-with-diagnostics");
  await writer.screenshot({ path: path.join(shots, "edit-diagnostics-1280.png"), fullPage: true });
  await venue.fill("gaopo-market");
  await writer.getByRole("button", { name: "检查并预览" }).click();
  await writer.getByText("尚未保存").waitFor();
  out.venue_invalid_after_fix = await writer.getByLabel("场地", { exact: true }).getAttribute("aria-invalid");
  await writer.getByRole("button", { name: "保存", exact: true }).click();
  await writer.waitForURL(/\/edit\/materials\/salt-leaflet-2027\?created=1$/);
  out.saved_notice = await writer.getByRole("status").innerText();
  out.saved_heading = await writer.getByRole("heading", { level: 1 }).innerText();
  // the print preview, laid out after the page shows, beside the form
  await writer.locator(".print-preview img").first().waitFor({ timeout: 30000 });
  await writer.waitForFunction(() => [...document.querySelectorAll(".print-preview img")].every((i) => i.complete && i.naturalWidth));
  out.print_pages = await writer.locator(".print-preview img").evaluateAll((imgs) => imgs.map((i) => i.naturalWidth));
  await audit(writer, "edit-saved");
  await writer.screenshot({ path: path.join(shots, "edit-saved-1280.png") });
  await shoot(writer.context(), writer.url(), "edit");
  await shoot(writer.context(), new URL("/", base).href, "home");
}

async function twoSessionsEditOneMaterial(writer, admin) {
  const url = new URL("/edit/materials/iodine-leaflet", base).href;
  await writer.goto(url);
  await admin.goto(url);
  await writer.getByLabel(/^标题/).fill("科学补碘（王芳改）");
  await admin.getByLabel(/^标题/).fill("科学补碘（管理员改）");
  await writer.getByRole("button", { name: "保存", exact: true }).click();
  await writer.getByRole("status").filter({ hasText: "已保存" }).waitFor();
  await admin.getByRole("button", { name: "保存", exact: true }).click();
  await admin.getByRole("heading", { name: /修改冲突/ }).waitFor();
  out.conflict_text = await admin.locator("main").innerText();
  await audit(admin, "conflict");
  await admin.screenshot({ path: path.join(shots, "conflict-1280.png"), fullPage: true });
  await shoot(admin.context(), admin.url(), "conflict");
  await admin.getByRole("button", { name: "保存我的版本" }).click();
  await admin.waitForURL(url);
  out.after_resolve_title = await admin.getByLabel(/^标题/).inputValue();
}

async function main() {
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const contexts = [];
    for (let i = 0; i < 2; i++) {
      // bypassCSP: axe is injected as an inline script, which the workspace's policy rightly refuses
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", bypassCSP: true });
      ctx.setDefaultTimeout(90000); // a save runs check; a loaded 2-core CI machine is slow
      ctx.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) out.requests.push(r.url()); });
      contexts.push(ctx);
    }
    const admin = await contexts[0].newPage();
    const writer = await contexts[1].newPage();
    for (const p of [admin, writer]) p.on("pageerror", (e) => out.page_errors.push(e.message));
    await admin.goto(new URL("/login", base).href);
    await audit(admin, "login");
    await admin.screenshot({ path: path.join(shots, "login-1280.png") });
    await shoot(contexts[0], new URL("/login", base).href, "login");
    await login(admin, "admin", adminPassword);
    await adminAddsUsers(admin);
    await login(writer, "wangfang", PASSWORD);
    await writerCreatesLeaflet(writer);
    out.steps.push("leaflet");
    await twoSessionsEditOneMaterial(writer, admin);
    out.steps.push("conflict");
  } finally {
    await browser.close();
  }
}

main().then(() => process.stdout.write(JSON.stringify(out) + "\n"))
  .catch((e) => { process.stdout.write(JSON.stringify(out) + "\n"); console.error(e); process.exit(1); });
