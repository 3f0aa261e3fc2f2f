// What the workspace journeys share: logging in through the labelled form (用户名, 密码, 登录),
// and axe-core's findings on a page (WCAG 2.1 A/AA and best practice).
"use strict";
const fs = require("fs");

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

async function login(page, base, name, password) {
  await page.goto(new URL("/login", base).href);
  await page.getByLabel("用户名").fill(name);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(new URL("/", base).href);
}

// axe is injected as an inline script: the context must bypass the workspace's CSP
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  }, TAGS);
}

module.exports = { login, axeViolations };
