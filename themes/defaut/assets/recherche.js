// Recherche du portail : client du fichier d'index statique (voir src/search/query.rs).
// Chaque règle ici a sa jumelle en Rust : `portail search` doit classer comme ce client.

const FOLD = {};
for (const [to, from] of [['a', 'àâäáãå'], ['c', 'ç'], ['e', 'èéêë'], ['i', 'ìíîï'], ['n', 'ñ'], ['o', 'òóôöõø'],
  ['u', 'ùúûü'], ['y', 'ýÿ'], ['oe', 'œ'], ['ae', 'æ'], ['ss', 'ß']]) for (const c of from) FOLD[c] = to;
const fold = (w) => w.replace(/[àâäáãåçèéêëìíîïñòóôöõøùúûüýÿœæß]/g, (c) => FOLD[c]);
const ALNUM = /[\p{Alphabetic}\p{N}]/u;
const len = (s) => [...s].length;

// Comme `search::analyze::words` : un point entre deux chiffres les joint (« 2.3.1 » est un mot).
export function words(text) {
  return (text.match(/(?:[\p{Alphabetic}\p{N}]|(?<=\p{N})\.(?=\p{N}))+/gu) || []).map((w) => w.toLowerCase()).filter((w) => {
    const n = len(w);
    return n <= 40 && !(n <= 2 && /^[0-9]+$/.test(w)) && !/[\u{10000}-\u{10FFFF}]/u.test(w);
  });
}

// Plus petit i tel que a[i] >= x (ou > x si `after`).
function bound(a, x, after) {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m] < x || (after && a[m] === x)) lo = m + 1;
    else hi = m;
  }
  return lo;
}

export function distance(a, b) {
  a = [...a];
  b = [...b];
  const d = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  }
  return d[a.length][b.length];
}

export class Engine {
  constructor(metaUrl) {
    this.dir = new URL('.', metaUrl);
    this.files = new Map();
    this.bytes = 0;
    this.meta = this.json(new URL(metaUrl).pathname.split('/').pop());
  }

  // Fichiers JSON compressés par gzip (ou déjà décompressés par l'hébergeur).
  json(name) {
    if (!this.files.has(name)) {
      this.files.set(name, fetch(new URL(name, this.dir)).then(async (r) => {
        if (!r.ok) throw new Error(`${name} : ${r.status}`);
        let buf = await r.arrayBuffer();
        this.bytes += buf.byteLength;
        const b = new Uint8Array(buf);
        if (b[0] === 0x1f && b[1] === 0x8b) {
          buf = await new Response(new Blob([buf]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
        }
        return JSON.parse(new TextDecoder().decode(buf));
      }));
    }
    return this.files.get(name);
  }

  async ready() {
    this.m = await this.meta;
    this.firsts = this.m.shards.map((s) => s[0]);
    return this;
  }

  shardOf(t) {
    return Math.max(0, bound(this.firsts, t, true) - 1);
  }

  async shard(i) {
    const s = await this.json(this.m.shards[i][1]);
    if (!s.map) {
      s.map = new Map(s.k.map((k, j) => [k, j]));
      s.forms = new Map(s.f.map((f, j) => [f, s.g[j] === 0 ? null : [].concat(s.g[j])]));
    }
    return s;
  }

  async postings(key) {
    const s = await this.shard(this.shardOf(key));
    const j = s.map.get(key);
    if (j === undefined) return [];
    if (!s.decoded) s.decoded = new Map();
    if (!s.decoded.has(j)) {
      const flat = s.p[j];
      const out = [];
      let doc = 0;
      for (let i = 0; i + 1 < flat.length; i += 2) out.push([(doc += flat[i]), flat[i + 1]]);
      s.decoded.set(j, out);
    }
    return s.decoded.get(j);
  }

  async exact(w) {
    const s = await this.shard(this.shardOf(w));
    if (s.forms.has(w)) return s.forms.get(w);
    return s.map.has(w) ? [w] : [];
  }

  async prefixed(w) {
    let found = [];
    const first = this.shardOf(w);
    for (let i = first; i < this.firsts.length && i < first + 2 && (i === first || this.firsts[i].startsWith(w)); i++) {
      const s = await this.shard(i);
      for (let j = bound(s.k, w); j < s.k.length && s.k[j].startsWith(w); j++) found.push(s.k[j]);
      for (let j = bound(s.f, w); j < s.f.length && s.f[j].startsWith(w); j++) found.push(...(s.forms.get(s.f[j]) || []));
    }
    found = [...new Set(found.filter((k) => k !== w))].sort();
    return found.slice(0, 64);
  }

  async stemFallback(w) {
    const c = [...w];
    const min = Math.max(4, Math.ceil((c.length * 6) / 10));
    for (let l = c.length - 1; l >= min; l--) {
      const p = c.slice(0, l).join('');
      if ((await this.shard(this.shardOf(p))).map.has(p)) return p;
    }
    return null;
  }

  async typos(w) {
    const n = len(w);
    const max = n >= 8 ? 2 : 1;
    const cands = [];
    // Un mot court n'est corrigé que vers un nom (cpst → CPTS).
    if (n >= 6) {
      const s = await this.shard(this.shardOf(w));
      for (const k of s.k) cands.push([k, [k]]);
      for (const f of s.f) if (s.forms.get(f)) cands.push([f, s.forms.get(f)]);
    }
    this.vocab ??= (await this.json(this.m.vocab)).map((x) => (typeof x === 'string' ? [x, x] : x));
    for (const [f, k] of this.vocab) cands.push([f, [k]]);
    let best = max + 1;
    let keys = [];
    let suggestion = null;
    const first = [...w][0];
    for (const [text, targets] of cands) {
      if (Math.abs(len(text) - n) > max || text === w || [...text][0] !== first) continue;
      const d = distance(w, text);
      if (d > max) continue;
      if (d < best) {
        best = d;
        keys = [];
        suggestion = null;
      }
      if (d === best) {
        if (suggestion === null || text < suggestion) suggestion = text;
        keys.push(...targets);
      }
    }
    return [[...new Set(keys)].sort(), suggestion];
  }

  // Classe les pages ; `filters` : [[clé, valeur], …].
  async search(text, filters = []) {
    text = text.trimStart();
    const partial = ALNUM.test([...text].pop() || '');
    const ws = [...new Set(words(text).map(fold))];
    const { n, k1, tf: scale } = this.m;
    const terms = [];
    const seq = [];
    let allExact = true;
    const suggestions = [];
    let certain = false;
    let searched = 0;
    const last = Math.max(0, ws.length - 1);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      const exact = await this.exact(w);
      if (exact === null) continue;
      searched++;
      const cands = new Map(exact.map((k) => [k, 1.0]));
      if (exact.length) seq.push(exact[0]);
      else allExact = false;
      if (i === last && partial && len(w) >= 3) for (const k of await this.prefixed(w)) if (!cands.has(k)) cands.set(k, 0.8);
      if (!cands.size && len(w) >= 5) {
        const k = await this.stemFallback(w);
        if (k !== null) cands.set(k, 0.7);
      }
      let found = 0;
      for (const k of cands.keys()) found += (await this.postings(k)).length;
      if (found === 0 && len(w) >= 4) {
        const [keys, suggestion] = await this.typos(w);
        for (const k of keys) if (!cands.has(k)) cands.set(k, 0.5);
        if (suggestion !== null && !exact.length) suggestions.push([w, suggestion]);
      }
      if (cands.size) {
        terms.push(cands);
        certain ||= found > 0;
      }
    }
    // Aucun mot trouvé sans correction : seules les corrections sont proposées.
    if (searched > 1 && !certain) terms.length = 0;

    const pages = new Map();
    for (const cands of terms) {
      // La rareté du mot : les pages de ce qui a été tapé (ses clés exactes), sinon de toutes ses clés.
      const primary = [...cands.keys()].filter((k) => cands.get(k) === 1.0);
      const typed = new Set();
      for (const k of primary.length ? primary : [...cands.keys()]) for (const [d] of await this.postings(k)) typed.add(d);
      const wordIdf = Math.log(1.0 + (n - typed.size + 0.5) / (typed.size + 0.5));
      const best = new Map();
      for (const key of [...cands.keys()].sort()) {
        const weight = cands.get(key);
        const postings = await this.postings(key);
        const df = postings.length;
        const idf = Math.log(1.0 + (n - df + 0.5) / (df + 0.5));
        for (const [doc, v] of postings) {
          const tf = (v >> 1) / scale;
          const s = (weight * idf * tf * (k1 + 1.0)) / (tf + k1);
          const e = best.get(doc) || [0, false, 0];
          if (s > e[0]) e[0] = s;
          e[1] = e[1] || (v & 1) === 1;
          e[2] = Math.max(e[2], weight);
          best.set(doc, e);
        }
      }
      for (const [doc, [s, name, weight]] of best) {
        const e = pages.get(doc) || [0, 0, 0];
        e[0] += weight * wordIdf * wordIdf;
        e[1] += s;
        e[2] += name ? 1 : 0;
        pages.set(doc, e);
      }
    }
    const kindOf = (doc) => this.m.types.find((t) => doc >= t[2] && doc < t[3]) || ['', '', 0, 0, 1];
    const prior = (doc) => kindOf(doc)[4];
    // Une entrée du glossaire vient après les pages qui répondent autant à la requête.
    const glossary = (doc) => (kindOf(doc)[0] === 'sigle' ? 1 : 0);
    const pinned = allExact && seq.length ? this.m.best[seq.join(' ')] || [] : [];
    const allowed = await this.filter(filters);
    const ranked = [];
    for (const [doc, [cover, score, names]] of pages) {
      if (allowed && !allowed.has(doc)) continue;
      const bonus = names === terms.length ? 1.5 : 1.0;
      const pin = pinned.indexOf(doc);
      ranked.push([doc, Math.floor(cover * 1e6 + 0.5), Math.floor(score * prior(doc) * bonus * 1e6 + 0.5), pin < 0 ? Infinity : pin, glossary(doc)]);
    }
    ranked.sort((a, b) => a[3] - b[3] || b[1] - a[1] || a[4] - b[4] || b[2] - a[2] || a[0] - b[0]);
    return { docs: ranked.map((r) => r[0]), all: [...pages.keys()], suggestions };
  }

  async facet(key) {
    const f = this.m.facets.find((x) => x.key === key);
    const lists = await this.json(f.file);
    const out = new Map();
    for (const [code, deltas] of Object.entries(lists)) {
      let doc = 0;
      out.set(code, new Set(deltas.map((d) => (doc += d))));
    }
    return out;
  }

  typeDocs(value) {
    const t = this.m.types.find((x) => x[0] === value);
    const set = new Set();
    if (t) for (let d = t[2]; d < t[3]; d++) set.add(d);
    return set;
  }

  async filter(filters) {
    if (!filters.length) return null;
    const byKey = new Map();
    for (const [k, v] of filters) byKey.set(k, [...(byKey.get(k) || []), v]);
    let allowed = null;
    for (const [key, values] of [...byKey].sort()) {
      const set = new Set();
      const lists = key === 'type' ? null : await this.facet(key).catch(() => new Map());
      for (const v of values) for (const d of lists ? lists.get(v) || [] : this.typeDocs(v)) set.add(d);
      allowed = allowed ? new Set([...allowed].filter((d) => set.has(d))) : set;
    }
    return allowed;
  }

  async card(doc) {
    const size = this.m.cards.size;
    const c = (await this.json(this.m.cards.files[Math.floor(doc / size)]))[doc % size];
    return { path: c[0], title: c[1], type: this.m.types[c[2]], summary: c[3], context: c[4], falc: c[5] };
  }
}

// ------------------------------------------------------------------ page de recherche

const PAGE = 10;
const form = document.querySelector('form.recherche[data-index]');
if (form) ui(form);

function ui(form) {
  const input = form.elements.q;
  const $ = (s) => document.querySelector(s);
  const status = $('.recherche-etat');
  const section = $('.resultats');
  const list = $('.resultats-liste');
  const more = $('.resultats-plus');
  const none = $('.recherche-aucun');
  const suggestion = $('.recherche-suggestion');
  const facets = form.querySelector('.facettes');
  const body = form.querySelector('.facettes-corps');
  const base = form.dataset.base;
  let engine = null;
  let shown = 0;
  let last = null;
  let run = 0;
  let timer = 0;
  const params = new URLSearchParams(location.search);
  let filters = [...params].filter(([k]) => k !== 'q');

  let loading = null;
  const open = () => (loading ??= new Engine(new URL(form.dataset.index, location.href)).ready());
  input.addEventListener('focus', open, { once: true });
  const href = (path) => base + path;

  async function show(from) {
    const cards = await Promise.all(last.docs.slice(from, from + PAGE).map((d) => engine.card(d)));
    for (const c of cards) {
      const li = $('#modele-resultat').content.firstElementChild.cloneNode(true);
      li.querySelector('.resultat-type').textContent = c.type[1];
      const a = li.querySelector('.resultat-titre a');
      a.textContent = c.title;
      a.href = href(c.path);
      li.querySelector('.resultat-resume').textContent = c.summary;
      const ctx = li.querySelector('.resultat-contexte');
      if (c.context) ctx.textContent = c.context;
      else ctx.remove();
      const falc = li.querySelector('.resultat-facile');
      if (c.falc) falc.querySelector('a').href = href(c.falc);
      else falc.remove();
      list.append(li);
    }
    shown = Math.min(last.docs.length, from + PAGE);
    more.hidden = shown >= last.docs.length;
  }

  async function renderFacets(q) {
    body.replaceChildren();
    const groups = [['type', 'Type de page', engine.m.types.map((t) => [t[0], t[1]])]];
    for (const f of engine.m.facets) groups.push([f.key, f.label, f.values]);
    for (const [key, label, values] of groups) {
      const sets = key === 'type' ? null : await engine.facet(key);
      const options = [];
      for (const [code, name] of values) {
        const docs = sets ? sets.get(code) : engine.typeDocs(code);
        const count = docs ? q.all.filter((d) => docs.has(d)).length : 0;
        const on = filters.some(([k, v]) => k === key && v === code);
        if (count || on) options.push([code, name, count, on]);
      }
      if (!options.length) continue;
      const fs = $('#modele-facette').content.firstElementChild.cloneNode(true);
      fs.querySelector('legend').textContent = label;
      for (const [code, name, count, on] of options) {
        const li = $('#modele-option').content.firstElementChild.cloneNode(true);
        const box = li.querySelector('input');
        box.name = key;
        box.value = code;
        box.checked = on;
        li.querySelector('.option-nom').textContent = name;
        li.querySelector('.option-nombre').textContent = `(${count})`;
        fs.querySelector('ul').append(li);
      }
      body.append(fs);
    }
  }

  async function search(announce) {
    const text = input.value;
    const mine = ++run;
    engine = await open();
    const q = text.trim() ? await engine.search(text, filters) : null;
    if (mine !== run) return;
    const url = new URL(location.href);
    url.search = new URLSearchParams([...(text.trim() ? [['q', text]] : []), ...filters]).toString();
    history.replaceState(null, '', url);
    list.replaceChildren();
    last = q;
    facets.hidden = !q || !q.all.length;
    suggestion.hidden = true;
    if (!q) {
      section.hidden = true;
      none.hidden = true;
      status.textContent = '';
      return;
    }
    section.hidden = !q.docs.length;
    none.hidden = q.docs.length > 0;
    if (q.docs.length) await show(0);
    if (q.suggestions.length) {
      const fixed = words(text).map((w) => (q.suggestions.find((s) => s[0] === fold(w)) || [0, w])[1]).join(' ');
      const a = suggestion.querySelector('a');
      a.textContent = fixed;
      a.href = `?q=${encodeURIComponent(fixed)}`;
      suggestion.hidden = false;
    }
    if (facets.open) await renderFacets(q);
    if (announce || mine === run) {
      const n = q.docs.length;
      status.textContent = n ? `${n} résultat${n > 1 ? 's' : ''} pour « ${text.trim()} »` : `Aucun résultat pour « ${text.trim()} »`;
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(false), 150);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    search(true);
  });
  form.addEventListener('change', (e) => {
    if (e.target.type !== 'checkbox') return;
    filters = [...new FormData(form)].filter(([k]) => k !== 'q');
    search(true);
  });
  facets.addEventListener('toggle', () => facets.open && last && renderFacets(last));
  more.addEventListener('click', async () => {
    const from = shown;
    await show(from);
    list.children[from]?.querySelector('a')?.focus();
  });
  suggestion.querySelector('a').addEventListener('click', (e) => {
    e.preventDefault();
    input.value = e.target.textContent;
    search(true);
    input.focus();
  });
  if (params.get('q') || filters.length) {
    input.value = params.get('q') || '';
    if (filters.length) facets.open = true;
    search(true);
  }
}
