// Browser harness: what a person sees, checked in Debian chromium.
//
//   node run.mjs <public-dir>[=<base-path>] ...
//
// For each built site: vnu on the whole output (0 errors), axe-core (WCAG 2.0/2.1 A and AA) on
// every HTML page, and on one page of each type the layout checks that no static tool makes:
// reflow at 320 px, visible focus on every focusable element, no animation under reduced
// motion, a skip link that reaches <main>. Screenshots at 1280 and 375 px go to artifacts/.
// A self-test first proves that each checker catches a deliberately broken page.
// Closes with "N passed, N failed"; exits 1 on any failure.

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, dirname, basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
const artifacts = join(here, 'artifacts');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let passed = 0;
let failed = 0;
const failures = [];
function record(ok, what, detail = '') {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(`${what}${detail ? `\n    ${detail}` : ''}`);
  }
}

// ---------------------------------------------------------------- static server

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml',
  '.xml': 'application/xml', '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8', '.ics': 'text/calendar', '.csv': 'text/csv' };

// The `_headers` file portail writes for hosts (Netlify / Cloudflare Pages format): a path pattern
// alone on a line, then its headers indented. Every response of the test server carries them, as
// on a host that applies them: search, near me, the selection, the embeds and print all run under
// the recommended Content-Security-Policy and Permissions-Policy.
function readHeaders(root) {
  const file = join(root, '_headers');
  // The harness's self-test pages have none; every built site has one (checked in auditSite).
  if (!existsSync(file)) return [];
  const rules = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: {} });
    else {
      const i = line.indexOf(':');
      rules.at(-1).headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
  }
  return rules;
}

function headersFor(rules, path) {
  const out = {};
  for (const r of rules) {
    const p = r.pattern;
    const match = p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p;
    if (match) Object.assign(out, r.headers);
  }
  return out;
}

function serve(root, base) {
  const rules = readHeaders(root);
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base) || path.includes('..')) { res.writeHead(404); res.end(); return; }
    path = path.slice(base.length);
    let file = join(root, path);
    if (path === '' || path.endsWith('/')) file = join(file, 'index.html');
    if (!existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': TYPES['.html'], ...headersFor(rules, '/' + path) });
      res.end(existsSync(join(root, '404.html')) ? readFileSync(join(root, '404.html')) : '');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headersFor(rules, '/' + path) };
    res.writeHead(200, headers);
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function htmlPages(root, rel = '') {
  const out = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const p = join(rel, name);
    if (statSync(join(root, p)).isDirectory()) out.push(...htmlPages(root, p));
    else if (name.endsWith('.html')) out.push(p.split('\\').join('/'));
  }
  return out;
}

/// Address of a page relative to the base: `actions/x/index.html` → `actions/x/`.
const address = (file) => (file.endsWith('index.html') ? file.slice(0, -'index.html'.length) : file);

// ---------------------------------------------------------------- checkers

function vnu(...targets) {
  const dir = targets.join(' ');
  try {
    execFileSync('java', ['-jar', vnuJar, '--errors-only', '--skip-non-html', '--format', 'json', ...targets], { stdio: 'pipe' });
    return [];
  } catch (e) {
    const out = e.stderr?.toString() || e.stdout?.toString() || '';
    try {
      return JSON.parse(out).messages.filter((m) => m.type === 'error');
    } catch {
      return [{ url: dir, message: `vnu n'a pas pu s'exécuter : ${out.slice(0, 400)}` }];
    }
  }
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  const res = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  return res.violations.map((v) => `${v.id} (${v.impact}) : ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function runningAnimations(page) {
  return page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
}

/// Tabs through the page; returns the focusable elements whose focus is not visible.
async function invisibleFocus(page, max = 300) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const bad = [];
  const seen = new Set();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      const shadow = s.boxShadow && s.boxShadow !== 'none';
      const id = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}[${(el.getAttribute('href') || el.textContent || '').trim().slice(0, 40)}]`;
      return { id, visible: outline || shadow };
    });
    if (!info || seen.has(info.id)) break;
    seen.add(info.id);
    if (!info.visible) bad.push(info.id);
  }
  return { bad, count: seen.size };
}

/// Number of A4 pages the page prints on.
async function printedPages(page) {
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  return { pdf, pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length };
}

/// On a freshly loaded page, the first Tab reaches a visible skip link whose target is
/// <main> (or inside it), and following it moves keyboard navigation into <main>.
async function skipLinkReachesMain(page) {
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const r = el.getBoundingClientRect();
    return { href: el.getAttribute('href'), visible: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 };
  });
  if (!first.href || !first.href.startsWith('#')) return `le premier Tab atteint ${first.href ?? 'aucun lien'}, pas un lien d'évitement`;
  if (!first.visible) return 'le lien d\'évitement reste invisible quand il a le focus';
  const target = await page.evaluate((h) => !!document.querySelector(h)?.closest('main'), first.href);
  if (!target) return `la cible ${first.href} n'existe pas ou n'est pas dans <main>`;
  await page.keyboard.press('Enter');
  // <main tabindex="-1"> takes the focus itself; otherwise the next Tab must land in it.
  const focused = await page.evaluate(() => !!document.activeElement?.closest('main'));
  if (focused) return null;
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
  return inMain ? null : `après le lien ${first.href}, le focus n'est pas dans <main>`;
}

// ---------------------------------------------------------------- page types

const KINDS = [
  ['accueil', /^$/], ['contrat', /^contrat\/$/], ['chapitre', /^contrat\/[^/]+\/$/], ['actions', /^actions\/$/],
  ['axe', /^actions\/axes\/[^/]+\/$/], ['fiche-action', /^actions\/[^/]+\/$/], ['annuaire', /^annuaire\/$/],
  ['commune', /^annuaire\/communes\/[^/]+\/$/], ['thematique', /^annuaire\/thematiques\/[^/]+\/$/],
  ['public', /^annuaire\/publics\/[^/]+\/$/],
  ['carte', /^annuaire\/carte\/$/], ['service', /^annuaire\/[^/]+\/$/], ['selection', /^selection\/$/], ['structure', /^structures\/[^/]+\/$/], ['glossaire', /^glossaire\/$/],
  ['actualites', /^actualites\/$/], ['actualite', /^actualites\/[^/]+\/$/], ['page', /^pages\/[^/]+\/$/],
  ['facile-index', /^facile-a-lire\/$/], ['facile', /facile-a-lire\/$/], ['accessibilite', /^accessibilite\/$/],
  ['plan', /^plan-du-site\/$/], ['404', /^404\.html$/], ['agenda', /^agenda\/$/], ['integrer', /^integrer\/$/],
  ['embed', /^embed\/annuaire\/$/], ['suivi', /^suivi\/$/], ['rapport', /^suivi\/\d{4}\/$/],
];
// The diagnostic's pages come first: its chapters would otherwise pass for other kinds.
KINDS.unshift(
  ['diagnostic', /^diagnostic\/$/], ['indicateurs', /^diagnostic\/indicateurs\/$/],
  ['indicateur', /^diagnostic\/indicateurs\/[^/]+\/$/], ['constat', /^diagnostic\/constats\/[^/]+\/$/],
  ['diagnostic-facile', /^diagnostic\/facile-a-lire\/$/], ['diagnostic-chapitre', /^diagnostic\/[^/]+\/$/],
);
const kindOf = (addr) => (KINDS.find(([, re]) => re.test(addr)) ?? ['autre'])[0];

// ---------------------------------------------------------------- a site

async function auditSite(browser, dir, base, label) {
  const rules = readHeaders(dir);
  const all = headersFor(rules, '/index.html');
  record(/geolocation=\(self\)/.test(all['permissions-policy'] || '') && /default-src 'self'/.test(all['content-security-policy'] || ''),
    `${label} : _headers donne la politique de sécurité et permet la position au site lui-même (geolocation=(self))`, JSON.stringify(all));
  const errors = vnu(dir);
  record(errors.length === 0, `vnu ${label} : 0 erreur`, errors.slice(0, 10).map((e) => `${e.url?.split('/').slice(-3).join('/')}:${e.lastLine} ${e.message}`).join('\n    '));

  const server = await serve(dir, base);
  const origin = `http://127.0.0.1:${server.address().port}${base}`;
  const files = htmlPages(dir);
  const samples = new Map();
  for (const f of files) {
    const k = kindOf(address(f));
    if (!samples.has(k)) samples.set(k, f);
  }

  // axe on every page, two at a time (two cores). axe is injected, so this context bypasses CSP.
  const context = await browser.newContext({ bypassCSP: true });
  const queue = [...files];
  const worker = async () => {
    const page = await context.newPage();
    while (queue.length) {
      const f = queue.shift();
      await page.goto(origin + address(f));
      const v = await axe(page);
      record(v.length === 0, `axe ${label} /${address(f)}`, v.join('\n    '));
    }
    await page.close();
  };
  await Promise.all([worker(), worker()]);
  await context.close();

  mkdirSync(join(artifacts, label), { recursive: true });
  const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, reducedMotion: 'reduce' });
  const wide = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  await wide.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const phone = await browser.newContext({ viewport: { width: 375, height: 800 }, deviceScaleFactor: 1 });
  const small = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1 });
  // 200 % zoom on a 1280 px screen lays the page out at 640 CSS px.
  const zoom = await browser.newContext({ viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 });
  const dark = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark', bypassCSP: true });
  for (const [kind, f] of samples) {
    const url = origin + address(f);
    const p = await narrow.newPage();
    await p.goto(url);
    const over = await overflow(p);
    record(over <= 0, `${label} ${kind} : pas de défilement horizontal à 320 px`, `déborde de ${over} px (/${address(f)})`);
    const anims = await runningAnimations(p);
    record(anims === 0, `${label} ${kind} : aucune animation avec « réduire les animations »`, `${anims} animation(s)`);
    await p.close();

    const w = await wide.newPage();
    await w.goto(url);
    await w.waitForTimeout(50);
    const csp = await w.evaluate(() => window.__csp);
    record(csp.length === 0, `${label} ${kind} : fonctionne sous une politique de sécurité stricte (CSP)`, csp.join(', '));
    const focus = await invisibleFocus(w);
    record(focus.bad.length === 0 && focus.count > 0, `${label} ${kind} : focus visible sur les ${focus.count} éléments atteints au clavier`, focus.bad.join(', '));
    await w.goto(url);
    const skip = await skipLinkReachesMain(w);
    record(skip === null, `${label} ${kind} : le lien d'évitement mène au contenu`, skip ?? '');
    await w.goto(url);
    await w.screenshot({ path: join(artifacts, label, `${kind}-1280.png`), fullPage: true });
    await w.close();

    const z = await zoom.newPage();
    await z.goto(url);
    const zover = await overflow(z);
    record(zover <= 0, `${label} ${kind} : lisible à 200 % sans défilement horizontal`, `déborde de ${zover} px`);
    await z.close();

    const d = await dark.newPage();
    await d.goto(url);
    const dv = await axe(d);
    record(dv.length === 0, `${label} ${kind} : axe en mode sombre`, dv.join('\n    '));
    await d.close();

    if (kind === 'fiche-action' || kind === 'service' || kind === 'diagnostic' || kind === 'indicateur') {
      const pr = await wide.newPage();
      await pr.goto(url);
      const { pdf, pages } = await printedPages(pr);
      writeFileSync(join(artifacts, label, `${kind}-impression.pdf`), pdf);
      // A fiche with its follow-up history (stages, several assessments) takes a third page;
      // the diagnostic's front page lists every finding with its actions.
      const most = { 'fiche-action': 3, service: 2, diagnostic: 6, indicateur: 4 }[kind];
      record(pages >= 1 && pages <= most, `${label} ${kind} : s'imprime sur ${most} pages A4 au plus`, `${pages} pages`);
      await pr.close();
    }

    const m = await phone.newPage();
    await m.goto(url);
    await m.screenshot({ path: join(artifacts, label, `${kind}-375.png`), fullPage: true });
    await m.close();

    // The first screen of a 360 × 640 phone: the page's title starts within 200 px; a service
    // shows its phone there; the menu opens and is walked with the keyboard alone.
    if (kind !== 'embed' && kind !== '404') {
      const s = await small.newPage();
      await s.goto(url);
      const top = await s.evaluate(() => document.querySelector('main h1')?.getBoundingClientRect().top ?? -1);
      record(top >= 0 && top <= 200, `${label} ${kind} : à 360 × 640, le titre commence à moins de 200 px du haut`, `${Math.round(top)} px`);
      if (kind === 'service') {
        const tel = await s.evaluate(() => {
          const a = document.querySelector('main a[href^="tel:"]');
          const r = a?.getBoundingClientRect();
          return r ? r.bottom : -1;
        });
        record(tel > 0 && tel <= 640, `${label} service : le téléphone est sur le premier écran d'un téléphone`, `${Math.round(tel)} px`);
      }
      // Keyboard only: Tab until the Menu button, Enter opens it, the next Tab lands on a link of the menu.
      let found = false;
      for (let i = 0; i < 10 && !found; i++) {
        await s.keyboard.press('Tab');
        found = await s.evaluate(() => document.activeElement?.matches('details.menu > summary') ?? false);
      }
      await s.keyboard.press('Enter');
      await s.keyboard.press('Tab');
      const inMenu = await s.evaluate(() => ({
        open: document.querySelector('details.menu')?.open ?? false,
        link: !!document.activeElement?.closest('details.menu nav a'),
        visible: (document.activeElement?.getBoundingClientRect().height ?? 0) > 0,
      }));
      record(found && inMenu.open && inMenu.link && inMenu.visible, `${label} ${kind} : à 360 px, le menu s'ouvre et se parcourt au clavier`, JSON.stringify({ found, ...inMenu }));
      await s.close();
    }
  }
  await Promise.all([narrow.close(), wide.close(), phone.close(), small.close(), zoom.close(), dark.close()]);
  server.close();
}

// ---------------------------------------------------------------- embeds on another origin

/// A commune's page on another origin embeds the directory three ways: the loader script,
/// a plain iframe and the web component. Heights follow content, filters give the expected
/// services, and axe finds nothing wrong with the widgets.
async function embedTest(browser, dir, base, label) {
  const feed = JSON.parse(readFileSync(join(dir, 'embed/annuaire/services.json'), 'utf8'));
  const [c1, c2] = feed.communes;
  const theme = feed.services.find((s) => s.communes.includes(c1.code) && s.thematiques.length)?.thematiques[0];
  const expected = (commune, th) => feed.services.filter((s) => (!commune || s.communes.includes(commune)) && (!th || s.thematiques.includes(th))).length;
  const site = await serve(dir, base);
  const siteOrigin = `http://127.0.0.1:${site.address().port}`;
  const root = `${siteOrigin}${base}`;
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': TYPES['.html'] });
    res.end(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Mairie</title></head><body><main><h1>Site de la mairie</h1>
<h2>Par le script</h2><script src="${root}embed.js" data-commune="${c1.code}" data-thematique="${theme}" data-titre="Annuaire santé de ${c1.nom}"></script>
<h2>Par un cadre</h2><iframe id="cadre" src="${root}embed/annuaire/?commune=${c2.code}" title="Annuaire santé de ${c2.nom}" style="width:100%;height:800px;border:0"></iframe>
<h2>Par le composant</h2><script src="${root}cls-annuaire.js" defer></script><cls-annuaire commune="${c1.code}" thematique="${theme}" niveau="3"><a href="${root}annuaire/">Annuaire santé</a></cls-annuaire>
</main></body></html>`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  // "localhost" and "127.0.0.1" are different origins.
  const hostUrl = `http://localhost:${host.address().port}/`;
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 }, bypassCSP: true });
  const page = await ctx.newPage();
  const elsewhere = [];
  ctx.on('request', (r) => { if (!r.url().startsWith(siteOrigin) && !r.url().startsWith(hostUrl) && !r.url().startsWith('data:')) elsewhere.push(r.url()); });
  await page.goto(hostUrl);
  await page.waitForFunction(() => document.querySelector('cls-annuaire')?.shadowRoot?.querySelector('ul'), null, { timeout: 10000 }).catch(() => {});
  const scripted = page.locator('main > iframe').first();
  await page.waitForTimeout(500);
  const title = await scripted.getAttribute('title');
  record(title === `Annuaire santé de ${c1.nom}`, `${label} intégration : le cadre inséré par le script a un titre`, String(title));
  const frames = page.frames().filter((f) => f.url().includes('/embed/annuaire/'));
  const fScript = frames.find((f) => f.url().includes(`thematique=${theme}`));
  const fPlain = frames.find((f) => f.url().includes(`commune=${c2.code}`) && !f.url().includes('thematique'));
  const visible = (f) => f.evaluate(() => [...document.querySelectorAll('#liste > li')].filter((li) => !li.hidden).length);
  const nScript = await visible(fScript), nPlain = await visible(fPlain);
  record(nScript === expected(c1.code, theme), `${label} intégration : filtre commune + thème (${c1.code}, ${theme})`, `${nScript} au lieu de ${expected(c1.code, theme)}`);
  record(nPlain === expected(c2.code), `${label} intégration : filtre commune dans un cadre seul (${c2.code})`, `${nPlain} au lieu de ${expected(c2.code)}`);
  const inner = await fScript.evaluate(() => document.documentElement.scrollHeight);
  const outer = await scripted.evaluate((el) => el.getBoundingClientRect().height);
  record(Math.abs(inner - outer) <= 2 && outer < 800, `${label} intégration : la hauteur du cadre suit son contenu`, `cadre ${outer} px, contenu ${inner} px`);
  const nComponent = await page.evaluate(() => document.querySelector('cls-annuaire').shadowRoot.querySelectorAll('li').length);
  record(nComponent === expected(c1.code, theme), `${label} intégration : le composant web filtre`, `${nComponent} au lieu de ${expected(c1.code, theme)}`);
  const violations = await axe(page);
  record(violations.length === 0, `${label} intégration : axe sur la page hôte et ses widgets`, violations.join('\n    '));
  // A spoofed message from the host page itself must not resize the frame.
  await page.evaluate(() => window.postMessage({ type: 'cls:resize', height: 5 }, '*'));
  await page.waitForTimeout(100);
  const after = await scripted.evaluate((el) => el.getBoundingClientRect().height);
  record(after > 50, `${label} intégration : un message d'une autre source est ignoré`, `${after} px`);
  record(elsewhere.length === 0, `${label} intégration : aucun appel à un tiers`, elsewhere.join(', '));
  const cookies = await ctx.cookies();
  record(cookies.length === 0, `${label} intégration : aucun cookie`, JSON.stringify(cookies));
  await page.screenshot({ path: join(artifacts, label, 'integration-hote.png'), fullPage: true });
  await ctx.close();
  host.close();
  site.close();
}

// ---------------------------------------------------------------- opening hours

/// « Ouvert maintenant » at fixed instants, on a service open Mo-Fr 08:30-12:00,13:30-16:30; PH off.
async function openingTest(browser, dir, base, label) {
  const weekday = '[[510,720],[810,990]]';
  const target = htmlPages(dir).find((f) => {
    const html = readFileSync(join(dir, f), 'utf8');
    const m = html.match(/data-horaires="([^"]*)"/);
    return m && m[1].replaceAll('&quot;', '"') === `{"f":true,"j":[${Array(5).fill(weekday).join(',')},[],[]]}`;
  });
  if (!target) { record(false, `${label} horaires : aucune page de service avec l'horaire de référence`); return; }
  const site = await serve(dir, base);
  const url = `http://127.0.0.1:${site.address().port}${base}${address(target)}`;
  const cases = [
    ['2026-05-12T10:00:00+02:00', 'Ouvert maintenant, jusqu\u2019à 12 h'],
    ['2026-05-12T12:30:00+02:00', 'Fermé, ouvre aujourd\u2019hui à 13 h 30'],
    ['2026-05-15T17:00:00+02:00', 'Fermé, ouvre lundi à 8 h 30'],
    ['2026-05-14T10:00:00+02:00', 'Fermé, ouvre demain à 8 h 30'],
  ];
  for (const [instant, expected] of cases) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.clock.setFixedTime(new Date(instant));
    await page.goto(url);
    const text = await page.locator('.etat-ouverture').textContent();
    record(text === expected, `${label} horaires le ${instant} : « ${expected} »`, `obtenu « ${text} »`);
    await ctx.close();
  }
  site.close();
}

// ---------------------------------------------------------------- hostile content

/// Every page of a site whose every text field and imported column carries script payloads:
/// no script runs, no injected element exists, on any page, in the embed or in the component.
async function xssTest(browser, dir, base, label) {
  const site = await serve(dir, base);
  const root = `http://127.0.0.1:${site.address().port}${base}`;
  // Without the CSP: escaping alone must keep the payloads inert.
  const ctx = await browser.newContext({ bypassCSP: true });
  let dialogs = 0;
  ctx.on('page', (p) => p.on('dialog', (d) => { dialogs += 1; d.dismiss().catch(() => {}); }));
  const page = await ctx.newPage();
  let injected = 0;
  const urls = htmlPages(dir).map((f) => root + address(f));
  urls.push(`${root}embed/annuaire/?commune=24951`);
  // Search results show hostile titles and summaries; the query itself is echoed back.
  urls.push(`${root}recherche/?q=alert`, `${root}recherche/?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
  for (const url of urls) {
    await page.goto(url);
    if (url.includes('/recherche/?q=')) {
      await page.waitForFunction(() => document.querySelector('.recherche-etat').textContent.length > 0, null, { timeout: 5000 });
      if (url.endsWith('alert')) record(await page.evaluate(() => document.querySelectorAll('.resultat').length > 0), `${label} : la recherche montre les pages hostiles`);
    }
    injected += await page.evaluate(() => document.querySelectorAll('img[src="x"], script:not([src]):not([type="application/ld+json"])').length);
  }
  const host = createServer((req, res) => {
    res.writeHead(200, { 'content-type': TYPES['.html'] });
    res.end(`<!DOCTYPE html><html lang="fr"><head><title>Hôte</title></head><body><script src="${root}embed.js" data-commune="24951"></script><script src="${root}cls-annuaire.js"></script><cls-annuaire></cls-annuaire></body></html>`);
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  await page.goto(`http://localhost:${host.address().port}/`);
  await page.waitForTimeout(1000);
  injected += await page.evaluate(() => {
    const c = document.querySelector('cls-annuaire');
    return c && c.shadowRoot ? c.shadowRoot.querySelectorAll('img, script').length : 0;
  });
  const rendered = await page.evaluate(() => document.querySelector('cls-annuaire')?.shadowRoot?.textContent ?? '');
  record(rendered.includes('onerror=alert(1)'), `${label} : le composant affiche le texte hostile comme du texte`);
  record(dialogs === 0, `${label} : aucun script injecté ne s'exécute (${urls.length} pages, intégrations)`, `${dialogs} alertes`);
  record(injected === 0, `${label} : aucun élément injecté dans les pages`, `${injected} éléments`);
  await ctx.close();
  host.close();
  site.close();
}

// ---------------------------------------------------------------- search

const judged = () => [...readFileSync(join(here, '../recherche/pertinence.toml'), 'utf8').matchAll(/^q = "(.*)"$/gm)]
  .map((m) => m[1].replace(/\\"/g, '"'));

/// The client ranks like `portail search`; it works with the keyboard alone; it passes axe
/// with results and facets shown; and it reports what the first query cost in bytes.
async function searchTest(browser, dir, base, label) {
  const bin = process.env.PORTAIL_BIN;
  const site = await serve(dir, base);
  const root = `http://127.0.0.1:${site.address().port}${base}`;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let bytes = 0;
  let files = 0;
  page.on('response', async (r) => {
    if (!/\/recherche\/index\/|recherche\.[0-9a-f]+\.js/.test(r.url())) return;
    files += 1;
    bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.goto(`${root}recherche/`);
  const ask = async (q) => {
    await page.fill('#q', q);
    await page.press('#q', 'Enter');
    await page.waitForFunction((q) => document.querySelector('.recherche-etat').textContent.includes(`« ${q.trim()} »`), q, { timeout: 5000 });
    return page.evaluate((base) => [...document.querySelectorAll('.resultats-liste .resultat-titre a')]
      .map((a) => new URL(a.href).pathname.slice(base.length) + new URL(a.href).hash), base);
  };
  const queries = judged();
  let same = 0;
  const diffs = [];
  for (const [i, q] of queries.entries()) {
    const js = await ask(q);
    if (i === 0) {
      record(bytes > 0 && bytes < 60_000, `${label} : la première recherche transfère moins de 60 Ko, client compris`, `${bytes} octets, ${files} fichiers`);
      console.log(`  ${label} : première recherche « ${q} » : ${bytes} octets en ${files} fichiers`);
    }
    const cli = execFileSync(bin, ['search', '--output', dir, '--limit', '10', q], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map((l) => l.slice(1));
    if (JSON.stringify(js) === JSON.stringify(cli)) same += 1;
    else diffs.push(`« ${q} »\n      client : ${js.join(' ')}\n      portail search : ${cli.join(' ')}`);
  }
  record(diffs.length === 0 && same === queries.length, `${label} : le client et « portail search » classent ${queries.length} requêtes de la même façon`, diffs.join('\n    '));
  record(errors.length === 0, `${label} : aucune erreur JavaScript pendant les recherches`, errors.join(' ; '));

  // Keyboard only, from the top of the page (axe is injected inline: this context bypasses the CSP).
  const free = await browser.newContext({ bypassCSP: true });
  const kb = await free.newPage();
  await kb.goto(`${root}recherche/`);
  let tabs = 0;
  while (tabs < 40 && (await kb.evaluate(() => document.activeElement?.id)) !== 'q') {
    await kb.keyboard.press('Tab');
    tabs += 1;
  }
  record(tabs < 40, `${label} : le champ de recherche s'atteint au clavier`, `${tabs} tabulations`);
  await kb.keyboard.type('sante mentale');
  await kb.keyboard.press('Enter');
  await kb.waitForFunction(() => /résultats? pour/.test(document.querySelector('.recherche-etat').textContent), null, { timeout: 5000 }).catch(() => {});
  const status = await kb.evaluate(() => {
    const s = document.querySelector('.recherche-etat');
    return { text: s.textContent, role: s.getAttribute('role'), live: s.getAttribute('aria-live') };
  });
  record(status.role === 'status' && status.live === 'polite' && /\d+ résultats? pour/.test(status.text),
    `${label} : le nombre de résultats est annoncé poliment`, JSON.stringify(status));
  let reached = null;
  for (let i = 0; i < 6 && !reached; i++) {
    await kb.keyboard.press('Tab');
    reached = await kb.evaluate(() => (document.activeElement?.closest('.resultat') ? document.activeElement.textContent : null));
  }
  record(reached !== null, `${label} : les résultats s'atteignent à la tabulation`);
  await kb.focus('.facettes summary');
  await kb.keyboard.press('Enter');
  await kb.waitForSelector('.facette input', { timeout: 5000 }).catch(() => {});
  const before = await kb.evaluate(() => document.querySelectorAll('.resultat').length + document.querySelector('.recherche-etat').textContent);
  await kb.keyboard.press('Tab');
  const box = await kb.evaluate(() => document.activeElement?.type === 'checkbox' && `${document.activeElement.name}=${document.activeElement.value}`);
  await kb.keyboard.press('Space');
  await kb.waitForFunction((b) => document.querySelectorAll('.resultat').length + document.querySelector('.recherche-etat').textContent !== b, before, { timeout: 5000 }).catch(() => {});
  const url = kb.url();
  record(Boolean(box) && url.includes(encodeURI(box).replace(/%20/g, '+')), `${label} : une facette se coche au clavier et reste dans l'adresse`, `${box} ; ${url}`);
  const v = await axe(kb);
  record(v.length === 0, `${label} : /recherche/ avec résultats et facettes sans violation axe`, v.map((x) => `${x.id} (${x.nodes.length})`).join(', '));
  await kb.screenshot({ path: join(artifacts, `${label}-recherche.png`), fullPage: true });
  // Reloading the address restores the query and the facet.
  await kb.goto(url);
  await kb.waitForFunction(() => /résultats? pour/.test(document.querySelector('.recherche-etat').textContent), null, { timeout: 5000 }).catch(() => {});
  record(await kb.evaluate((box) => document.querySelector('#q').value === 'sante mentale' && [...document.querySelectorAll('.facette input:checked')].some((c) => `${c.name}=${c.value}` === box), box),
    `${label} : l'adresse partagée rouvre la même recherche filtrée`);
  await free.close();

  const empty = await ctx.newPage();
  await empty.goto(`${root}recherche/?q=xqzwv`);
  await empty.waitForFunction(() => document.querySelector('.recherche-etat').textContent.includes('Aucun résultat'), null, { timeout: 5000 }).catch(() => {});
  record(await empty.evaluate(() => !document.querySelector('.recherche-aucun').hidden && document.querySelector('.resultats').hidden),
    `${label} : une requête absurde dit « aucun résultat » et propose de parcourir`);
  const typo = await ctx.newPage();
  await typo.goto(`${root}recherche/?q=pfidsas`);
  await typo.waitForFunction(() => document.querySelector('.recherche-etat').textContent.length > 0, null, { timeout: 5000 }).catch(() => {});
  const fixed = await typo.evaluate(() => {
    const p = document.querySelector('.recherche-suggestion');
    return p.hidden ? null : p.querySelector('a').textContent;
  });
  if (label === 'demo') record(fixed === 'pfidass', `${label} : une faute de frappe propose le mot corrigé`, String(fixed));

  // The search box of every other page leads to the results.
  const home = await ctx.newPage();
  await home.goto(root);
  await home.fill('#q-entete', 'PTA');
  await Promise.all([home.waitForURL(/recherche\/\?q=PTA/), home.press('#q-entete', 'Enter')]);
  await home.waitForFunction(() => /résultats? pour/.test(document.querySelector('.recherche-etat').textContent), null, { timeout: 5000 }).catch(() => {});
  record(await home.evaluate(() => document.querySelectorAll('.resultat').length > 0), `${label} : le champ de l'en-tête mène aux résultats`);
  await ctx.close();
  site.close();
}

// ---------------------------------------------------------------- easy-to-read report

/// The report `portail check --report` writes is a page people read too: valid, and no axe violation.
async function reportTest(browser, file) {
  const dir = dirname(file);
  const errors = vnu(dir);
  record(errors.length === 0, 'rapport Facile à lire : vnu sans erreur', errors.slice(0, 5).map((e) => e.message).join('\n    '));
  const server = await serve(dir, '/');
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/${basename(file)}`);
  const v = await axe(page);
  record(v.length === 0, 'rapport Facile à lire : aucune violation axe', v.join('\n    '));
  const shape = await page.evaluate(() => ({ h1: document.querySelectorAll('h1').length, sections: document.querySelectorAll('main section').length, phrases: document.querySelectorAll('.phrase').length }));
  record(shape.h1 === 1 && shape.sections > 5 && shape.phrases > 20, 'rapport Facile à lire : un titre, une section par texte, les phrases', JSON.stringify(shape));
  const focus = await invisibleFocus(page, 40);
  record(focus.bad.length === 0, 'rapport Facile à lire : le focus est visible', focus.bad.slice(0, 3).join(', '));
  await page.screenshot({ path: join(artifacts, 'rapport-falc.png') });
  await ctx.close();
  server.close();
}

// ---------------------------------------------------------------- self-test

const OK_HEAD = '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test</title>';
const OK_BODY = '<nav aria-label="Accès rapide"><a href="#contenu">Aller au contenu</a></nav><main id="contenu" tabindex="-1"><h1>Test</h1>';
const BROKEN = {
  'vnu.html': `${OK_HEAD}</head><body>${OK_BODY}<p id="a">x</p><p id="a">y</p><ul><div>z</div></ul></main></body></html>`,
  'axe.html': `<!DOCTYPE html><html><head><title>Test</title></head><body><main><h1>Test</h1><img src="x.png"><p style="color:#bbb;background:#fff">Texte pâle</p></main></body></html>`,
  'reflow.html': `${OK_HEAD}</head><body>${OK_BODY}<div style="width:800px">large</div></main></body></html>`,
  'focus.html': `${OK_HEAD}<style>a:focus{outline:none}</style></head><body>${OK_BODY}<a href="#x">lien</a></main></body></html>`,
  'motion.html': `${OK_HEAD}<style>@keyframes k{to{opacity:.5}} .m{animation:k 1s infinite}</style></head><body>${OK_BODY}<p class="m">bouge</p></main></body></html>`,
  'long.html': `${OK_HEAD}</head><body>${OK_BODY}${'<p>Un paragraphe de plusieurs mots qui prend de la place sur la page imprimée.</p>'.repeat(200)}</main></body></html>`,
  'csp.html': `${OK_HEAD}</head><body>${OK_BODY}<script>document.title = 'en ligne';</script></main></body></html>`,
  'xss.html': `${OK_HEAD}</head><body>${OK_BODY}<img src="x" onerror="alert(1)" alt=""></main></body></html>`,
  'skip.html': `${OK_HEAD}</head><body><a href="#absent">Aller au contenu</a><main><h1>Test</h1><a href="#x">lien</a></main></body></html>`,
};

async function selfTest(browser) {
  const dir = mkdtempSync(join(tmpdir(), 'portail-autotest-'));
  for (const [name, html] of Object.entries(BROKEN)) writeFileSync(join(dir, name), html);
  // The theme's own _headers: the self-test pages are served under the same policy as a site.
  writeFileSync(join(dir, '_headers'), readFileSync(join(here, '../../themes/defaut/assets/racine/_headers')));
  const caught = vnu(dir).filter((e) => e.url.endsWith('vnu.html'));
  record(caught.length > 0, 'autotest : vnu détecte une page invalide');
  const server = await serve(dir, '/');
  const origin = `http://127.0.0.1:${server.address().port}/`;
  const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, reducedMotion: 'reduce', bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${origin}axe.html`);
  record((await axe(page)).length > 0, 'autotest : axe détecte une page non accessible');
  await page.goto(`${origin}reflow.html`);
  record((await overflow(page)) > 0, 'autotest : le défilement horizontal est détecté');
  await page.goto(`${origin}focus.html`);
  record((await invisibleFocus(page)).bad.length > 0, 'autotest : un focus invisible est détecté');
  await page.goto(`${origin}motion.html`);
  record((await runningAnimations(page)) > 0, 'autotest : une animation est détectée');
  await page.goto(`${origin}long.html`);
  record((await printedPages(page)).pages > 2, 'autotest : une page trop longue à imprimer est détectée');
  await page.goto(`${origin}skip.html`);
  record((await skipLinkReachesMain(page)) !== null, 'autotest : un lien d\'évitement cassé est détecté');
  await ctx.close();
  const strict = await browser.newContext();
  await strict.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective));
  });
  const sp = await strict.newPage();
  let alerts = 0;
  sp.on('dialog', (d) => { alerts += 1; d.dismiss().catch(() => {}); });
  await sp.goto(`${origin}csp.html`);
  await sp.waitForTimeout(50);
  record((await sp.evaluate(() => window.__csp.length)) > 0, 'autotest : un script en ligne est bloqué et signalé par la CSP');
  const loose = await browser.newContext({ bypassCSP: true });
  const lp = await loose.newPage();
  lp.on('dialog', (d) => { alerts += 1; d.dismiss().catch(() => {}); });
  await lp.goto(`${origin}xss.html`);
  await lp.waitForTimeout(200);
  record(alerts > 0, 'autotest : un script injecté qui s\'exécute est détecté');
  await Promise.all([strict.close(), loose.close()]);
  server.close();
}


// ---------------------------------------------------------------- follow-up

/// The dashboard and every annual report: each chart has an accessible name and a table that
/// holds the same numbers; the report prints to A4 with a title page of its own, and no block
/// (chart, table row, action) is cut by a page break: for each, its first and last words are
/// looked up in the text of the PDF's pages (tests/python/pdf_pages.py, pypdf).
// ---------------------------------------------------------------- the diagnostic

/// Each chart of an indicator page carries its numbers as text (every `data-valeur` of the
/// drawing is in a table of the page), shows without JavaScript, and prints.
async function diagnosticTest(browser, dir, base, label) {
  const pages = htmlPages(dir).map(address).filter((a) => /^diagnostic\/indicateurs\/[^/]+\/$/.test(a));
  if (!pages.length) return;
  const server = await serve(dir, base);
  const origin = `http://127.0.0.1:${server.address().port}${base}`;
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  let charts = 0;
  let comparedPages = 0;
  for (const a of pages) {
    const p = await noScript.newPage();
    await p.goto(origin + a);
    const r = await p.evaluate(() => {
      const inTables = new Set([...document.querySelectorAll('main table [data-valeur]')].map((e) => e.dataset.valeur));
      const drawn = [...document.querySelectorAll('main svg [data-valeur]')].map((e) => e.dataset.valeur);
      const svgs = [...document.querySelectorAll('main figure.graphique > svg')];
      const visible = svgs.every((s) => s.getBoundingClientRect().width > 200 && s.getBoundingClientRect().height > 40);
      const withheld = [...document.querySelectorAll('main td')].filter((td) => /secret statistique/.test(td.textContent));
      // Two places or more to compare: the comparison is drawn too.
      const compared = (document.querySelector('main table.valeurs')?.tBodies[0]?.rows.length ?? 0) >= 2;
      return { missing: drawn.filter((v) => !inTables.has(v)), svgs: svgs.length, visible, compared,
        zeroForSecret: withheld.some((td) => /^\s*0\s*(%|\b)/.test(td.textContent)) };
    });
    if (r.compared) charts += r.svgs > 0 ? 1 : 0;
    if (r.compared) comparedPages += 1;
    record(r.missing.length === 0, `${label} /${a} : chaque nombre du graphique est aussi dans un tableau`, r.missing.join(', '));
    record(r.visible, `${label} /${a} : les graphiques s'affichent sans JavaScript`);
    record(!r.zeroForSecret, `${label} /${a} : une valeur secrète n'est jamais montrée comme 0`);
    await p.emulateMedia({ media: 'print' });
    const printed = await p.evaluate(() => [...document.querySelectorAll('main figure.graphique > svg')].every((s) => s.getBoundingClientRect().height > 40));
    record(printed, `${label} /${a} : les graphiques s'impriment`);
    await p.close();
  }
  record(comparedPages > 0 && charts === comparedPages, `${label} : chaque indicateur comparé à d'autres lieux a son graphique`, `${charts} pour ${comparedPages} pages`);
  await noScript.close();
  server.close();
}

async function followTest(browser, dir, base, label) {
  const server = await serve(dir, base);
  const origin = `http://127.0.0.1:${server.address().port}${base}`;
  const years = readdirSync(join(dir, 'suivi')).filter((y) => /^\d{4}$/.test(y)).sort();
  record(existsSync(join(dir, 'suivi/index.html')), `${label} suivi : le tableau de bord existe`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  for (const path of ['suivi/', ...years.map((y) => `suivi/${y}/`)]) {
    await page.goto(origin + path);
    const charts = await page.evaluate(() => [...document.querySelectorAll('figure.graphique')].map((f) => {
      const svg = f.querySelector('svg[role="img"]');
      const ids = svg?.getAttribute('aria-labelledby')?.split(/\s+/) ?? [];
      const name = (svg?.getAttribute('aria-label') ?? '') + ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      const values = (root) => [...root.querySelectorAll('[data-valeur]')].map((e) => e.dataset.valeur).filter((n) => Number(n) !== 0).sort();
      return {
        caption: f.querySelector('figcaption')?.textContent ?? '?',
        empty: f.querySelector('.graphique-vide') !== null,
        name: name.trim(),
        drawn: svg ? values(svg) : [],
        table: f.querySelector('table') ? values(f.querySelector('table')) : null,
      };
    }));
    record(charts.length > 0, `${label} /${path} : des graphiques`);
    for (const c of charts) {
      if (c.empty) continue;
      record(c.name.length > 10, `${label} /${path} « ${c.caption} » : nom accessible`, c.name);
      record(c.table !== null && JSON.stringify(c.drawn) === JSON.stringify(c.table) && c.drawn.length > 0,
        `${label} /${path} « ${c.caption} » : le tableau a les mêmes nombres que le dessin`, `${c.drawn} / ${c.table}`);
    }
  }
  if (years.length) {
    const year = years[years.length - 1];
    await page.goto(`${origin}suivi/${year}/`);
    await page.emulateMedia({ media: 'print' });
    const blocks = await page.evaluate(() => {
      const tokens = (t) => t.replace(/\s+/g, ' ').trim().split(' ');
      // An A4 page holds about 1000 CSS px of content: a taller block has to break.
      const out = [];
      for (const el of document.querySelectorAll('main figure.graphique, main .action-rapport, main tbody tr, main .resume-facile')) {
        const t = tokens(el.innerText);
        if (t.length >= 6 && el.getBoundingClientRect().height < 900) {
          out.push({ first: t.slice(0, 3).join(' '), last: t.slice(-3).join(' '), what: el.tagName.toLowerCase() });
        }
      }
      const title = document.querySelector('.page-de-titre h1').innerText;
      const after = tokens(document.querySelector('#resume-facile').innerText).slice(0, 3).join(' ');
      return { out, title, after };
    });
    const { pdf, pages } = await printedPages(page);
    const file = join(artifacts, label, `rapport-${year}.pdf`);
    mkdirSync(join(artifacts, label), { recursive: true });
    writeFileSync(file, pdf);
    writeFileSync(`${file}.json`, JSON.stringify(blocks));
    record(pages >= 3, `${label} rapport ${year} : plusieurs pages A4`, `${pages} pages`);
    const py = process.env.PORTAIL_PYTHON ?? 'python3';
    const r = spawnSync(py, [join(here, '../python/pdf_pages.py'), file, `${file}.json`], { encoding: 'utf8' });
    record(r.status === 0, `${label} rapport ${year} : page de titre seule, aucun bloc coupé par un saut de page (${blocks.out.length} blocs)`, (r.stdout + r.stderr).trim());
  }
  await context.close();
  server.close();
}


// ---------------------------------------------------------------- orientation

/// Great-circle distance, computed here apart from the site's script.
function haversine(a, b, c, d) {
  const r = Math.PI / 180;
  const h = Math.sin((c - a) * r / 2) ** 2 + Math.cos(a * r) * Math.cos(c * r) * Math.sin((d - b) * r / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

/// "Near me" and the selection, on a site whose directory has coordinates: the order by
/// distance against distances computed here, a typed commune giving its coordinates' order, a
/// refused permission's message; the selection surviving a reload, rebuilt by its link in a fresh
/// context, printed on one A4 page; no request leaving the site's origin; axe on what the
/// scripts show; the selection's count announced politely.
async function orientationTest(browser, dir, base, label) {
  const communes = JSON.parse(readFileSync(join(dir, 'donnees/communes.json'), 'utf8')).communes.filter((c) => c.latitude != null);
  const directory = readFileSync(join(dir, 'annuaire/index.html'), 'utf8');
  const located = [...directory.matchAll(/data-lat="([^"]+)" data-lon="([^"]+)"/g)];
  if (!located.length) {
    record(!existsSync(join(dir, 'annuaire/carte/index.html')), `${label} : sans coordonnées, pas de carte`);
    record(directory.includes('Pas de carte pour l\'instant'), `${label} : sans coordonnées, l'annuaire le dit`);
    return;
  }
  record(existsSync(join(dir, 'annuaire/carte/index.html')), `${label} : des coordonnées, une carte`);
  const server = await serve(dir, base);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const site = origin + base;
  // A commune of the territory when they have coordinates, else a service's own place.
  const here = communes[communes.length - 1]
    ?? { nom: null, latitude: Number(located[0][1]) + 0.01, longitude: Number(located[0][2]) - 0.01 };
  const outside = [];
  const watch = async (ctx) => {
    await ctx.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(origin) || u.startsWith('data:')) return route.continue();
      outside.push(u);
      return route.abort();
    });
  };

  // Near me, by the browser's position, under the site's own _headers (CSP and
  // Permissions-Policy applied by the test server, as a host would).
  const geo = await browser.newContext({ geolocation: { latitude: here.latitude, longitude: here.longitude }, permissions: ['geolocation'] });
  await watch(geo);
  const p = await geo.newPage();
  await p.goto(site + 'annuaire/');
  await p.click('.pres-position');
  await p.waitForFunction(() => document.querySelector('.pres-etat').textContent.includes('classés'));
  const cards = () => p.$$eval('#titre-tous ~ ul.cartes > li[data-id]', (els) => els.map((e) => ({ id: e.dataset.id, lat: e.dataset.lat, lon: e.dataset.lon })));
  const byPosition = await cards();
  const d = byPosition.map((c) => (c.lat === undefined ? Infinity : haversine(here.latitude, here.longitude, Number(c.lat), Number(c.lon))));
  const sorted = d.every((x, i) => i === 0 || d[i - 1] <= x + 1e-9);
  record(byPosition.length > 3 && sorted, `${label} près de chez moi : l'ordre est celui des distances calculées par le test (${byPosition.length} services)`, d.slice(0, 8).map((x) => x.toFixed(2)).join(' '));
  const placed = byPosition.filter((c) => c.lat !== undefined).length;
  record(byPosition.slice(placed).every((c) => c.lat === undefined), `${label} près de chez moi : les services sans coordonnées viennent après, jamais cachés`);
  // A typed commune gives the order of its coordinates.
  if (here.nom) {
  await p.goto(site + 'annuaire/');
  await p.fill('#pres-lieu-champ', here.nom.toUpperCase());
  await p.click('.pres-lieu button');
  await p.waitForFunction(() => document.querySelector('.pres-etat').textContent.includes('classés'));
  const byName = await cards();
  record(JSON.stringify(byName.map((c) => c.id)) === JSON.stringify(byPosition.map((c) => c.id)), `${label} près de chez moi : la commune écrite donne le même ordre que ses coordonnées`);
  if (here.codes_postaux?.length) {
    await p.goto(site + 'annuaire/');
    await p.fill('#pres-lieu-champ', here.codes_postaux[0]);
    await p.click('.pres-lieu button');
    await p.waitForFunction(() => document.querySelector('.pres-etat').textContent.length > 0);
    record((await p.textContent('.pres-etat')).includes('classés'), `${label} près de chez moi : le code postal est compris`);
  }
  }
  await geo.close();
  // axe is injected inline: its check runs in a context that bypasses the CSP, after the same click.
  const geoAxe = await browser.newContext({ geolocation: { latitude: here.latitude, longitude: here.longitude }, permissions: ['geolocation'], bypassCSP: true });
  const pa = await geoAxe.newPage();
  await pa.goto(site + 'annuaire/');
  await pa.click('.pres-position');
  await pa.waitForFunction(() => document.querySelector('.pres-etat').textContent.includes('classés'));
  const v = await axe(pa);
  record(v.length === 0, `${label} près de chez moi : axe après le classement`, v.join('\n    '));
  await geoAxe.close();

  // A refused permission says what to do instead.
  const denied = await browser.newContext({ permissions: [] });
  const q = await denied.newPage();
  await q.goto(site + 'annuaire/');
  await q.click('.pres-position');
  await q.waitForFunction(() => document.querySelector('.pres-etat').textContent.includes('commune'), null, { timeout: 20000 }).catch(() => {});
  const msg = await q.textContent('.pres-etat');
  record(/autoris|trouvée/.test(msg) && /code postal/.test(msg), `${label} près de chez moi : une position refusée donne un message clair`, msg);
  await denied.close();

  // The selection: six services, kept across a reload, announced politely.
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  await watch(ctx);
  const s = await ctx.newPage();
  await s.goto(site + 'annuaire/');
  const buttons = await s.$$('#titre-tous ~ ul.cartes .ajouter-selection');
  const n = Math.min(6, buttons.length);
  for (const b of buttons.slice(0, n)) await b.click();
  await s.waitForTimeout(150);
  const said = await s.evaluate(() => {
    const el = document.querySelector('.selection-annonce');
    return { text: el.textContent, live: el.getAttribute('aria-live') };
  });
  record(said.live === 'polite' && said.text.includes(`${n} service`), `${label} sélection : le nombre est annoncé poliment`, JSON.stringify(said));
  await s.reload();
  record((await s.textContent('.lien-selection .selection-nombre')) === String(n), `${label} sélection : elle survit au rechargement`);
  // The script makes the buttons and the header's link: one button per card, and one on a
  // service's own page that names that service; without the script, none of them.
  const made = await s.evaluate(() => ({
    cards: document.querySelectorAll('main li.carte[data-id]').length,
    buttons: [...document.querySelectorAll('main li.carte[data-id]')].filter((li) => li.querySelectorAll('.ajouter-selection').length === 1
      && li.querySelector('.ajouter-selection').dataset.selectionId === li.dataset.id).length,
    link: document.querySelector('.lien-selection')?.getAttribute('href'),
    first: document.querySelector('main li.carte[data-id] a')?.getAttribute('href'),
  }));
  record(made.cards > 0 && made.buttons === made.cards && /selection\/$/.test(made.link ?? ''), `${label} sélection : chaque carte a son bouton, l'en-tête son lien`, JSON.stringify(made));
  await s.goto(new URL(made.first, s.url()).href);
  const own = await s.evaluate(() => [...document.querySelectorAll('main .ajouter-selection')].map((b) => ({ id: b.dataset.selectionId, pressed: b.getAttribute('aria-pressed'), h: b.getBoundingClientRect().height })));
  const page = await s.evaluate(() => document.querySelector('main .fiche.service')?.dataset.id);
  record(own.length === 1 && own[0].id === page && own[0].h > 0, `${label} sélection : la page d'un service a un bouton à son nom`, JSON.stringify({ own, page }));
  const bare = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const nb = await bare.newPage();
  await nb.goto(site + 'annuaire/');
  const none = await nb.evaluate(() => document.querySelectorAll('.ajouter-selection, .lien-selection, .carte-distance, .selection-annonce').length);
  record(none === 0, `${label} sélection : sans JavaScript, aucun bouton ni lien qui ne marcherait pas`, `${none} éléments`);
  // The one menu: a bar on a wide screen, with or without the script; on a small screen
  // without the script, the Menu button still opens it.
  const bar = await nb.evaluate(() => ({
    summary: document.querySelector('details.menu > summary')?.checkVisibility() ?? true,
    links: [...document.querySelectorAll('details.menu nav a')].filter((a) => a.checkVisibility()).length,
    all: document.querySelectorAll('details.menu nav a').length,
    menus: document.querySelectorAll('nav[aria-label="Menu principal"]').length,
  }));
  record(bar.menus === 1 && bar.summary === false && bar.all > 0 && bar.links === bar.all, `${label} menu : sur grand écran, une seule barre de menu, visible sans JavaScript`, JSON.stringify(bar));
  await nb.setViewportSize({ width: 360, height: 640 });
  // checkVisibility, not a size: a closed disclosure's content still has one when measured.
  const shut = await nb.evaluate(() => [...document.querySelectorAll('details.menu nav a')].filter((a) => a.checkVisibility()).length);
  await nb.click('details.menu > summary');
  const opened = await nb.evaluate(() => [...document.querySelectorAll('details.menu nav a')].filter((a) => a.checkVisibility()).length);
  record(shut === 0 && opened === bar.all, `${label} menu : sur petit écran sans JavaScript, le bouton Menu l'ouvre`, JSON.stringify({ shut, opened }));
  await bare.close();
  // A browser without ::details-content (Firefox ESR 140, older Safari) cannot show the closed
  // menu as a bar: the script opens it on a wide screen, and only there. Such a browser is
  // played here by a CSS.supports that says no to that selector.
  const old = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await old.addInitScript(() => {
    const supports = CSS.supports.bind(CSS);
    CSS.supports = (...a) => (String(a[0]).includes('details-content') ? false : supports(...a));
  });
  const menuState = (p) => p.evaluate(() => ({
    open: document.querySelector('details.menu')?.open ?? null,
    links: [...document.querySelectorAll('details.menu nav a')].filter((a) => a.checkVisibility()).length,
  }));
  const wide = await old.newPage();
  await wide.goto(site + 'annuaire/');
  const wideState = await menuState(wide);
  const narrow = await old.newPage();
  await narrow.setViewportSize({ width: 360, height: 640 });
  await narrow.goto(site + 'annuaire/');
  const narrowState = await menuState(narrow);
  await old.close();
  const modern = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const today = await modern.newPage();
  await today.goto(site + 'annuaire/');
  const todayState = await menuState(today);
  await modern.close();
  record(wideState.open === true && wideState.links === bar.all && narrowState.open === false && narrowState.links === 0 && todayState.open === false,
    `${label} menu : sans ::details-content, le script ouvre le menu sur grand écran seulement`, JSON.stringify({ wideState, narrowState, todayState }));
  await s.goto(site + 'selection/');
  await s.waitForFunction((k) => document.querySelectorAll('.feuilles .feuille').length === k, n);
  const ids = await s.$$eval('.feuilles .feuille', (els) => els.map((e) => e.dataset.id));
  // Each sheet is filled from its service's page: the same name, QR code and address, and no
  // empty line where the service has no such information.
  const sheets = await s.$$eval('.feuilles .feuille', (els) => els.map((e) => ({
    titre: e.querySelector('.feuille-titre')?.textContent,
    qr: e.querySelector('.feuille-qr')?.getAttribute('src'),
    adresse: e.querySelector('.feuille-adresse-page')?.textContent,
    vides: [...e.querySelectorAll('h2, p, ul')].filter((x) => !x.textContent.trim()).length,
  })));
  const pageOf = await ctx.newPage();
  const wrong = [];
  for (const [i, id] of ids.entries()) {
    await pageOf.goto(site + `annuaire/${id}/`);
    const want = {
      titre: await pageOf.textContent('h1'),
      qr: await pageOf.getAttribute('.qr-service img', 'src'),
      adresse: await pageOf.textContent('.adresse-page'),
      vides: 0,
    };
    if (JSON.stringify(sheets[i]) !== JSON.stringify(want)) wrong.push(`${JSON.stringify(sheets[i])} ≠ ${JSON.stringify(want)}`);
  }
  await pageOf.close();
  record(wrong.length === 0 && sheets.length === n, `${label} sélection : chaque feuille reprend le nom, le code QR et l'adresse de la page du service`, wrong.join('\n    '));
  const share = await s.getAttribute('.selection-lien', 'href');
  const sms = await s.getAttribute('.selection-sms', 'href');
  const mail = await s.getAttribute('.selection-courriel', 'href');
  record(sms.startsWith('sms:?body=') && decodeURIComponent(sms).includes('Téléphone') && mail.startsWith('mailto:?subject='), `${label} sélection : SMS et courriel portent la feuille en texte`);
  const sv = await axe(s);
  record(sv.length === 0, `${label} sélection : axe sur la page remplie`, sv.join('\n    '));
  const pdf = await s.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  writeFileSync(join(artifacts, label, 'selection.pdf'), pdf);
  record(pages === 1, `${label} sélection : ${n} services s'impriment sur une page A4`, `${pages} pages`);
  await s.emulateMedia({ media: 'print' });
  const boxes = await s.$$eval('.feuille, .feuille-notes', (els) => els.map((e) => e.getBoundingClientRect().bottom));
  // 297 mm less the 1 cm margins, in CSS pixels: nothing goes past the one page.
  record(Math.max(...boxes) <= (277 / 25.4) * 96, `${label} sélection : aucun bloc ne dépasse la page imprimée`, `${Math.round(Math.max(...boxes))} px`);
  await ctx.close();

  // The shared link rebuilds it in a fresh context.
  const fresh = await browser.newContext();
  await watch(fresh);
  await fresh.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const f = await fresh.newPage();
  await f.goto(origin + share);
  await f.waitForFunction(() => document.querySelectorAll('.feuilles .feuille').length > 0);
  const again = await f.$$eval('.feuilles .feuille', (els) => els.map((e) => e.dataset.id));
  record(JSON.stringify(again) === JSON.stringify(ids), `${label} sélection : le lien partagé la reconstruit ailleurs`, `${again} / ${ids}`);
  const csp = await f.evaluate(() => window.__csp);
  record(csp.length === 0, `${label} sélection : fonctionne sous la politique de sécurité stricte`, csp.join(', '));
  for (const path of ['annuaire/carte/', `annuaire/${ids[0]}/`]) {
    await f.goto(site + path);
  }
  await fresh.close();
  record(outside.length === 0, `${label} orientation : aucune requête ne quitte le site`, outside.slice(0, 5).join(', '));
  server.close();
}

// ---------------------------------------------------------------- main

// ---------------------------------------------------------------- long lists cut into pages

// A site whose lists outgrow one page (`plan::parts`): the pages of a cut list pass vnu and axe,
// say which they are, lead from one to the next without JavaScript, fit a 320 px screen (what
// 200 % zoom gives on a small laptop) and print.
async function pagedTest(browser, dir) {
  const label = 'listes';
  const cut = (first) => {
    const files = [join(dir, first, 'index.html')];
    for (let k = 2; existsSync(join(dir, first, `page-${k}`, 'index.html')); k += 1) files.push(join(dir, first, `page-${k}`, 'index.html'));
    return files;
  };
  const publics = readdirSync(join(dir, 'annuaire/publics')).sort().map((c) => `annuaire/publics/${c}/`);
  const first = publics.find((p) => cut(p).length >= 3);
  record(!!first, `${label} : une page de public coupée en trois pages ou plus`, publics.join(' '));
  if (!first) return;
  const files = cut(first);
  const n = files.length;
  const extra = ['actions/axes', 'annuaire/thematiques'].flatMap((d) => readdirSync(join(dir, d)).sort().map((c) => `${d}/${c}/`))
    .concat(['suivi/sans-bilan/']).filter((p) => cut(p).length > 1).map((p) => cut(p)[1]);
  const errors = vnu(...files, ...extra);
  record(errors.length === 0, `vnu ${label} : 0 erreur`, errors.slice(0, 10).map((e) => `${e.url?.split('/').slice(-4).join('/')}:${e.lastLine} ${e.message}`).join('\n    '));

  const server = await serve(dir, '/');
  const origin = `http://127.0.0.1:${server.address().port}/`;
  const urls = files.map((f) => origin + address(relative(dir, f))).concat(extra.map((f) => origin + address(relative(dir, f))));
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  for (const url of urls) {
    await page.goto(url);
    const v = await axe(page);
    record(v.length === 0, `axe ${label} ${url.slice(origin.length - 1)}`, v.join('\n    '));
    record(await overflow(page) <= 0, `${label} ${url.slice(origin.length - 1)} : rien ne déborde à 320 px`);
  }
  await page.goto(urls[1]);
  await page.screenshot({ path: join(artifacts, label, 'page-2-320.png'), fullPage: false });
  // « Près de chez moi » sorts cards, not a list of lines: there it leads to the communes.
  record((await page.locator('.pres-de-moi').count()) === 0 && (await page.locator('.pres-communes a[href$="annuaire/#titre-par-commune"]').count()) === 1,
    `${label} : une longue liste mène aux communes au lieu d'un « Près de chez moi » qui ne classerait rien`);
  await context.close();

  // Without JavaScript, from the first page to the last by « Page suivante », and back to the
  // first by its number; each page names itself in its title and marks itself in both pagers.
  const bare = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const p = await bare.newPage();
  await p.goto(urls[0]);
  for (let k = 1; k <= n; k += 1) {
    const title = await p.title();
    record(title.includes(`(page ${k} sur ${n})`), `${label} : sans JavaScript, la page ${k} se nomme dans son titre`, title);
    const current = await p.locator('nav.pagination [aria-current="page"]').allTextContents();
    record(current.length === 2 && current.every((t) => t.replace(/\s+/g, ' ').trim() === `Page ${k}`),
      `${label} : page ${k} marquée en haut et en bas de la liste`, JSON.stringify(current));
    if (k < n) await Promise.all([p.waitForURL(urls[k]), p.locator('nav.pagination').first().getByRole('link', { name: 'Page suivante' }).click()]);
  }
  record((await p.locator('a[rel="next"]').count()) === 0, `${label} : la dernière page n'a pas de page suivante`);
  await Promise.all([p.waitForURL(urls[0]), p.locator('nav.pagination').last().getByRole('link', { name: 'Page 1', exact: true }).click()]);
  record((await p.title()).includes(`(page 1 sur ${n})`), `${label} : retour à la première page par son numéro`);
  // In print, the list is there whole and the pager still says where the page stands.
  await p.emulateMedia({ media: 'print' });
  await p.goto(urls[1]);
  mkdirSync(join(artifacts, label), { recursive: true });
  await p.pdf({ path: join(artifacts, label, 'page-2.pdf') });
  const printed = await p.evaluate(() => [...document.querySelectorAll('main li a')].filter((a) => a.getBoundingClientRect().height > 0).length);
  record(printed >= 400, `${label} : à l'impression, la page 2 garde sa liste`, `${printed} liens visibles`);
  await bare.close();
  server.close();
}

const args = process.argv.slice(2);
const xss = args.filter((a) => a.startsWith('--xss=')).map((a) => a.slice(6));
// Sites of the diagnostic alone (no directory): the page audit and the diagnostic's checks.
const diagnostics = args.filter((a) => a.startsWith('--diagnostic=')).map((a) => a.slice(13));
const reports = args.filter((a) => a.startsWith('--rapport=')).map((a) => a.slice(10));
// A site of long lists (the benchmark's corpus): the pages of a cut list.
const longLists = args.filter((a) => a.startsWith('--listes=')).map((a) => a.slice(9));
const sites = args.filter((a) => !a.startsWith('--')).map((arg) => {
  const [dir, base = '/'] = arg.split('=');
  return { dir, base: base.endsWith('/') ? base : `${base}/`, label: basename(dirname(dir)) || basename(dir) };
});
if (!sites.length && !reports.length && !diagnostics.length && !longLists.length) {
  console.error('usage : node run.mjs <dossier public>[=<préfixe>] ...');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  // PORTAIL_SEUL=suivi (or orientation) runs one family of checks, while working on it; CI runs them all.
  const only = process.env.PORTAIL_SEUL;
  if (only === 'suivi' || only === 'orientation') {
    for (const s of sites) await (only === 'suivi' ? followTest : orientationTest)(browser, s.dir, s.base, s.label);
    sites.length = 0;
    xss.length = 0;
    reports.length = 0;
    longLists.length = 0;
    diagnostics.length = 0;
  } else {
    await selfTest(browser);
  }
  for (const x of xss) {
    const [dir, base = '/'] = x.split('=');
    await xssTest(browser, dir, base.endsWith('/') ? base : `${base}/`, 'xss');
  }
  for (const r of reports) await reportTest(browser, r);
  for (const l of longLists) await pagedTest(browser, l);
  for (const d of diagnostics) {
    const [dir, base = '/'] = d.split('=');
    const b = base.endsWith('/') ? base : `${base}/`;
    await auditSite(browser, dir, b, 'diagnostic');
    await diagnosticTest(browser, dir, b, 'diagnostic');
  }
  for (const s of sites) {
    await auditSite(browser, s.dir, s.base, s.label);
    await diagnosticTest(browser, s.dir, s.base, s.label);
    await embedTest(browser, s.dir, s.base, s.label);
    await openingTest(browser, s.dir, s.base, s.label);
    await searchTest(browser, s.dir, s.base, s.label);
    await followTest(browser, s.dir, s.base, s.label);
    await orientationTest(browser, s.dir, s.base, s.label);
  }
} finally {
  await browser.close();
}
for (const f of failures) console.log(`ÉCHEC ${f}`);
console.log(`\nCaptures d'écran : ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
