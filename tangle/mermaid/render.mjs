// Render many Mermaid figures in one browser session.  Driven by tangle/figures.py:
//
//   node render.mjs TOOLDIR JOB.json
//
// JOB.json: { mermaidConfig: file, puppeteerConfig: file, scale: 2, jobs: 1,
//             figures: [{ name, src, out: { svg: path, pdf: path, png: path } }] }
//
// mmdc's own renderMermaid() opens a page and loads the Mermaid bundle for every
// image (about 0.8 s each).  Here each worker loads the same page (mmdc's
// dist/index.html, with mmdc's request interceptor serving the bundles) once and
// renders every figure in it: SVG from mermaid.render(), PDF from page.pdf()
// clipped to the diagram (what mmdc --pdfFit does), PNG from a screenshot.
// Prints one JSON line per figure on stdout: {"name", "ok": true} or {"name", "error"}.
import fs from "node:fs";
import path from "node:path";
import url from "node:url";

const [tooldir, jobfile] = process.argv.slice(2);
const nm = (p) => path.join(tooldir, "node_modules", p);
const load = (p) => import(url.pathToFileURL(nm(p)).href);
const { default: puppeteer } = await load("puppeteer/lib/esm/puppeteer/puppeteer.js");
const { Interceptor } = await load("@mermaid-js/mermaid-cli/src/puppeteerIntercept.js");

const readJSON = (f) => JSON.parse(fs.readFileSync(f, "utf-8"));
const job = readJSON(jobfile);
const mermaidConfig = readJSON(job.mermaidConfig);
const launch = { headless: "shell", ...readJSON(job.puppeteerConfig) };
const scale = job.scale || 2;

const bundles = {
  mermaid: "mermaid/dist/mermaid.esm.mjs",
  elk: "@mermaid-js/layout-elk/dist/mermaid-layout-elk.esm.mjs",
  zenuml: "@mermaid-js/mermaid-zenuml/dist/mermaid-zenuml.esm.mjs",
};
const styles = [
  "@fortawesome/fontawesome-free/css/fontawesome.css",
  "@fortawesome/fontawesome-free/css/solid.css",
  "@fortawesome/fontawesome-free/css/regular.css",
  "@fortawesome/fontawesome-free/css/brands.css",
  "katex/dist/katex.css",
];

// A page with Mermaid loaded and initialised, ready for window.renderFigure().
async function openPage(browser) {
  const page = await browser.newPage();
  page.on("console", (msg) => process.stderr.write(`  [page] ${msg.text()}\n`));
  await page.setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
  const index = nm("@mermaid-js/mermaid-cli/dist/index.html");
  await page.goto(url.pathToFileURL(index).href);
  const icpt = new Interceptor();
  const urls = {};
  for (const [k, p] of Object.entries(bundles))
    urls[k] = await icpt.fileUrlToInterceptUrl(url.pathToFileURL(nm(p)));
  const css = [];
  for (const p of styles)
    css.push(await icpt.fileUrlToInterceptUrl(url.pathToFileURL(nm(p)), { allowParentDirectoryLevel: 2 }));
  page.on("request", icpt.interceptRequestHandler);
  await page.setRequestInterception(true);
  for (const u of css) await page.addStyleTag({ url: u });
  await page.evaluate(async (urls, config) => {
    const { default: mermaid } = await import(urls.mermaid);
    const { default: elk } = await import(urls.elk);
    const { default: zenuml } = await import(urls.zenuml);
    await Promise.all(Array.from(document.fonts, (f) => f.load()));
    await mermaid.registerExternalDiagrams([zenuml]);
    mermaid.registerLayoutLoaders(elk);
    mermaid.initialize({ startOnLoad: false, ...config });
    document.body.style.background = "white";
    document.body.style.margin = "8px";
    window.renderFigure = async (id, definition) => {
      // Some diagrams jitter their lines with Math.random: seed it per figure
      // so a figure renders the same way whatever was rendered before it.
      let seed = 0x9e3779b9;
      Math.random = () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const container = document.getElementById("container");
      container.innerHTML = "";
      const { svg } = await mermaid.render(id, definition, container);
      container.innerHTML = svg;
      const el = container.querySelector("svg");
      el.style.backgroundColor = "white";
      const r = el.getBoundingClientRect();
      return {
        xml: new XMLSerializer().serializeToString(el),
        box: { x: r.left, y: r.top, width: r.width, height: r.height },
      };
    };
  }, urls, mermaidConfig);
  return page;
}

async function renderOne(page, fig) {
  const definition = fs.readFileSync(fig.src, "utf-8");
  // The SVG's id scopes its CSS: unique in the book, and the same on every render.
  const id = "fig-" + fig.name.replace(/[^A-Za-z0-9_-]/g, "_");
  const { xml, box } = await page.evaluate((i, d) => window.renderFigure(i, d), id, definition);
  if (fig.out.svg) fs.writeFileSync(fig.out.svg, xml);
  if (fig.out.pdf) {
    // One page exactly the diagram's size plus its margin (mmdc's --pdfFit).
    const pdf = await page.pdf({
      width: Math.ceil(box.width) + box.x * 2 + "px",
      height: Math.ceil(box.height) + box.y * 2 + "px",
      pageRanges: "1-1",
      printBackground: true,
    });
    fs.writeFileSync(fig.out.pdf, pdf);
  }
  if (fig.out.png) await onlyOne(async () => {
    // A screenshot can stall in a tab that is not in front: take turns.
    await page.bringToFront();
    const clip = {
      x: Math.floor(box.x), y: Math.floor(box.y),
      width: Math.ceil(box.width), height: Math.ceil(box.height),
    };
    await page.setViewport({ width: clip.x + clip.width, height: clip.y + clip.height, deviceScaleFactor: scale });
    fs.writeFileSync(fig.out.png, await page.screenshot({ clip }));
    await page.setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
  });
}

let turn = Promise.resolve();
function onlyOne(fn) {
  const run = turn.then(fn);
  turn = run.catch(() => {});
  return run;
}

const browser = await puppeteer.launch(launch);
let failed = 0;
try {
  const queue = [...job.figures];
  const worker = async () => {
    if (!queue.length) return;
    const page = await openPage(browser);
    for (let fig; (fig = queue.shift()); ) {
      try {
        await renderOne(page, fig);
        process.stdout.write(JSON.stringify({ name: fig.name, ok: true }) + "\n");
      } catch (e) {
        failed++;
        const error = String(e && e.message ? e.message : e);
        process.stdout.write(JSON.stringify({ name: fig.name, error }) + "\n");
      }
    }
    await page.close();
  };
  await Promise.all(Array.from({ length: Math.max(1, job.jobs || 1) }, worker));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
