// Bytes and time of a search in headless Chromium: portail's client against Pagefind.
//
// usage: node navigateur.mjs <portail public> <hugo+pagefind public> [runs]
// Prints one JSON object. Each run uses a fresh context (cold cache). The server sends files as
// they are, without HTTP compression, as in perf-anchors.md (both indexes are gzip inside).

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';

const [portailDir, pagefindDir, runsArg = '5'] = process.argv.slice(2);
const RUNS = Number(runsArg);
const COLD = ['pfidass', 'santé mentale', 'renoncement aux soins', 'maison de sante'];
const FOLLOW = ['pfidass', 'renoncement aux soins'];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

function serve(root) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.includes('..')) return res.writeHead(404).end();
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Counts response bodies whose URL matches `re`; `extra` adds sizes the browser reports as 0.
function meter(page, re, root, dir) {
  const m = { bytes: 0, files: 0 };
  page.on('response', async (r) => {
    const url = r.url();
    if (!re.test(url)) return;
    let n = (await r.body().catch(() => Buffer.alloc(0))).length;
    if (n === 0) {
      const f = join(dir, decodeURIComponent(new URL(url).pathname));
      if (existsSync(f)) n = statSync(f).size;
    }
    m.bytes += n;
    m.files += 1;
  });
  return m;
}

async function portail(browser, root, dir, queries) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const m = meter(page, /\/recherche\/index\/|\/recherche\.[0-9a-f]+\.js/, root, dir);
  await page.goto(`${root}recherche/`);
  const out = [];
  // The first query pays for everything loaded since the page opened: the runtime included.
  let mark = 0;
  for (const q of queries) {
    await page.fill('#q', q);
    const t0 = await page.evaluate(() => performance.now());
    await page.press('#q', 'Enter');
    await page.waitForFunction((q) => document.querySelector('.recherche-etat').textContent.includes(`« ${q} »`), q, { timeout: 30000 });
    const t1 = await page.evaluate(() => performance.now());
    const results = await page.evaluate(() => Number((document.querySelector('.recherche-etat').textContent.match(/\d+/) || [0])[0]));
    await page.waitForTimeout(100);
    out.push({ q, ms: t1 - t0, bytes: m.bytes - mark, results });
    mark = m.bytes;
  }
  await ctx.close();
  return out;
}

async function pagefind(browser, root, dir, queries) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const m = meter(page, /\/pagefind\//, root, dir);
  await page.goto(`${root}recherche/`);
  const out = [];
  let mark = 0;
  for (const q of queries) {
    const r = await page.evaluate(async (q) => {
      const t0 = performance.now();
      const pf = window.__pagefind ?? (await import('/pagefind/pagefind.js'));
      await pf.init?.();
      const s = await pf.search(q);
      await Promise.all(s.results.slice(0, 5).map((x) => x.data()));
      return { ms: performance.now() - t0, results: s.results.length };
    }, q);
    await page.waitForTimeout(100);
    out.push({ q, ms: r.ms, bytes: m.bytes - mark, results: r.results });
    mark = m.bytes;
  }
  await ctx.close();
  return out;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const result = { cold: {}, follow: {} };
try {
  const a = await serve(portailDir);
  const b = await serve(pagefindDir);
  const roots = { portail: `http://127.0.0.1:${a.address().port}/`, pagefind: `http://127.0.0.1:${b.address().port}/` };
  const tools = { portail: [portail, portailDir], pagefind: [pagefind, pagefindDir] };
  for (const q of COLD) {
    result.cold[q] = {};
    const runs = { portail: [], pagefind: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const name of ['portail', 'pagefind']) {
        const [fn, dir] = tools[name];
        runs[name].push((await fn(browser, roots[name], dir, [q]))[0]);
      }
    }
    for (const name of ['portail', 'pagefind']) {
      const r = runs[name];
      result.cold[q][name] = { bytes: median(r.map((x) => x.bytes)), ms: median(r.map((x) => x.ms)), results: r[0].results };
    }
  }
  const runs = { portail: [], pagefind: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const name of ['portail', 'pagefind']) {
      const [fn, dir] = tools[name];
      runs[name].push((await fn(browser, roots[name], dir, FOLLOW))[1]);
    }
  }
  for (const name of ['portail', 'pagefind']) {
    const r = runs[name];
    result.follow[name] = { q: FOLLOW.join(' → '), bytes: median(r.map((x) => x.bytes)), ms: median(r.map((x) => x.ms)) };
  }
  a.close();
  b.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
