// Run Lighthouse (mobile defaults) on several URLs with one Chromium.
// Usage: node run-lighthouse.mjs <categories,comma,separated> <url>...
// Prints one JSON object: {url: {scores: {category: 0..100}, failing: [{id, title, category}]}}.
// Chromium comes from CHROME_PATH (Debian's /usr/bin/chromium), never a download.
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const [categoryArg, ...urls] = process.argv.slice(2);
const categories = categoryArg.split(",");
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
  ],
});
const results = {};
try {
  for (const url of urls) {
    const run = await lighthouse(url, { port: chrome.port, logLevel: "error", onlyCategories: categories });
    const lhr = run.lhr;
    const scores = {};
    const failing = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push({ id: ref.id, title: audit.title, category: id, score: audit.score,
                         value: audit.displayValue || "" });
        }
      }
    }
    results[url] = { scores, failing, runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results) + "\n");
