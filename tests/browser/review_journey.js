// The review workflow in the workspace, by roles and Chinese labels: the writer submits a draft,
// the reviewer returns it with a comment, the writer sees the comment, fixes and resubmits, the
// reviewer approves with a chosen next review date; then the writer edits the approved material
// (back to 待审核) and the reviewer sees what changed since the signed version.
// Prints one JSON object of what was seen; screenshots at 375 and 1280 px go to SHOTS.
// Usage: node review_journey.js CHROMIUM URL PASSWORD DUE_DATE SHOTS
"use strict";
const path = require("path");
const { chromium } = require("playwright-core");
const lib = require("./workspace_lib");

const [exe, base, password, dueDate, shots] = process.argv.slice(2);
const EDIT = new URL("/edit/materials/eye-poster", base).href;
const FIX = "每天户外活动不少于2小时，白天的户外光照有助于预防近视。";
const LATER = "新版本：视力下降要到正规医院验光配镜。";
const out = { steps: [], axe: {}, overflow: {}, page_errors: [], requests: [] };

async function login(page, name) {
  return lib.login(page, base, name, password);
}

async function audit(page, name) {
  out.axe[name] = await lib.axeViolations(page);
}

async function shoot(context, url, name) {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 375, height: 800 });
  await phone.goto(url);
  out.overflow[name] = await phone.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
  await phone.screenshot({ path: path.join(shots, `${name}-375.png`), fullPage: true });
  await phone.close();
}

const status = (page) => page.locator("#h-workflow .status").innerText();

async function act(page, button, expected) {
  // the page posts and comes back to the same address: wait for the new page's status
  await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: button }).click()]);
  await page.locator("#h-workflow .status").filter({ hasText: expected }).waitFor();
  return status(page);
}
const dueList = (page) => page.locator("section[aria-labelledby=h-due] li a").allInnerTexts();

async function submit(writer, name) {
  await writer.goto(EDIT);
  out[`${name}_status_before`] = await status(writer);
  out[`${name}_status_after`] = await act(writer, "提交审核", "待审核");
}

async function reviewerReturns(reviewer) {
  await reviewer.goto(new URL("/", base).href);
  out.reviewer_waiting = await reviewer.locator("section[aria-labelledby=h-waiting] li a").allInnerTexts();
  out.reviewer_due = await dueList(reviewer);
  await reviewer.locator("section[aria-labelledby=h-waiting]").getByRole("link", { name: /爱眼护眼/ }).click();
  await reviewer.waitForURL(EDIT);
  await reviewer.getByLabel("退回意见").fill("“户外活动每天2小时”请写明依据，并补一句为什么。");
  out.status_returned = await act(reviewer, "退回修改", "草稿");
}

async function writerFixes(writer) {
  await writer.goto(EDIT);
  out.returned_notice = await writer.locator("section.returned").innerText();
  await audit(writer, "edit-returned");
  await writer.screenshot({ path: path.join(shots, "returned-1280.png"), fullPage: true });
  await shoot(writer.context(), EDIT, "returned");
  const body = writer.getByLabel("正文", { exact: true });
  await body.fill((await body.inputValue()).replace("（文字还要请罗医生再看看）", FIX));
  await writer.getByRole("button", { name: "保存", exact: true }).click();
  await writer.getByRole("status").filter({ hasText: "已保存" }).waitFor();
  out.returned_after_save = await writer.locator("section.returned").count();
  await submit(writer, "resubmit");
  out.returned_after_resubmit = await writer.locator("section.returned").count();
}

async function reviewerApproves(reviewer) {
  await reviewer.goto(EDIT);
  out.first_diff_rows = await reviewer.locator("table.since-diff tr.add").count();  // never approved before
  out.due_default = await reviewer.getByLabel("下次复审日期").inputValue();
  await reviewer.getByLabel("下次复审日期").fill(dueDate);
  out.status_approved = await act(reviewer, "审核通过", "已审核");
}

async function writerEditsAfterApproval(writer) {
  await writer.goto(EDIT);
  const body = writer.getByLabel("正文", { exact: true });
  await body.fill((await body.inputValue()).trimEnd() + "\n\n" + LATER + "\n");
  await writer.getByRole("button", { name: "保存", exact: true }).click();
  out.reopened_notice = await writer.getByRole("status").filter({ hasText: "已保存" }).innerText();
  out.status_after_edit = await status(writer);
  out.writer_due = await dueList(await gotoHome(writer));
}

async function gotoHome(page) {
  await page.goto(new URL("/", base).href);
  return page;
}

async function reviewerSeesDiff(reviewer) {
  await reviewer.goto(EDIT);
  out.diff_heading = await reviewer.locator("#h-since").innerText();
  out.diff_added = await reviewer.locator("table.since-diff tr.add td.text").allInnerTexts();
  out.diff_removed = await reviewer.locator("table.since-diff tr.del td.text").allInnerTexts();
  out.diff_added_colour = await reviewer.locator("table.since-diff tr.add td.text").first()
    .evaluate((td) => getComputedStyle(td).backgroundColor);
  out.reviewer_buttons = await reviewer.locator("section.workflow button").allInnerTexts();
  await audit(reviewer, "edit-diff");
  await reviewer.locator("section.since").screenshot({ path: path.join(shots, "diff-1280.png") });
  await shoot(reviewer.context(), EDIT, "diff");
}

async function main() {
  const browser = await chromium.launch({ executablePath: exe, headless: true, args: ["--no-sandbox", "--disable-gpu",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
  try {
    const pages = [];
    for (let i = 0; i < 2; i++) {
      // bypassCSP: axe is injected as an inline script, which the workspace's policy rightly refuses
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", bypassCSP: true });
      ctx.setDefaultTimeout(90000); // a save runs check; a loaded 2-core CI machine is slow
      ctx.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) out.requests.push(r.url()); });
      const page = await ctx.newPage();
      page.on("pageerror", (e) => out.page_errors.push(e.message));
      pages.push(page);
    }
    const [writer, reviewer] = pages;
    await login(writer, "wangfang");
    await login(reviewer, "dr-luo");
    await submit(writer, "submit");
    out.steps.push("submitted");
    await reviewerReturns(reviewer);
    out.steps.push("returned");
    await writerFixes(writer);
    out.steps.push("resubmitted");
    await reviewerApproves(reviewer);
    out.steps.push("approved");
    await writerEditsAfterApproval(writer);
    out.steps.push("edited");
    await reviewerSeesDiff(reviewer);
    out.steps.push("diff");
  } finally {
    await browser.close();
  }
}

main().then(() => process.stdout.write(JSON.stringify(out) + "\n"))
  .catch((e) => { process.stdout.write(JSON.stringify(out) + "\n"); console.error(e); process.exit(1); });
