// portail: <cls-annuaire commune="24901" thematique="sante-mentale" public="seniors" niveau="2">
// renders the services from the portal's JSON feed. Its children (a plain link) stay as the
// fallback when scripts are off or the feed cannot be read. Text only, never HTML from data.
(function () {
  var src = document.currentScript && document.currentScript.src;
  if (!src || !window.customElements) return;
  var base = src.replace(/cls-annuaire\.js(\?.*)?$/, '');
  var feed = null;
  function get(url) { return fetch(url).then(function (r) { if (!r.ok) throw r; return r.json(); }); }
  function load() { return feed || (feed = get(base + 'embed/annuaire/services.json')); }
  // A large directory's feed leaves its services out: one file per commune has them.
  function services(data, commune) {
    if (data.services) return Promise.resolve(data.services);
    if (!data.par_commune || !commune || !/^[0-9AB]+$/i.test(commune)) return Promise.resolve([]);
    return get(base + data.par_commune + commune + '.json').then(function (d) { return d.services; });
  }
  function el(doc, tag, text, attrs) {
    var e = doc.createElement(tag);
    if (text) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  var CSS = ':host{display:block}ul{list-style:none;padding:0;margin:0}li{margin:0 0 1em}h2,h3,h4{margin:0 0 .25em;font-size:1.1em}p{margin:0 0 .25em}a{color:inherit}a:focus-visible{outline:3px solid #b34700;outline-offset:2px}';
  class ClsAnnuaire extends HTMLElement {
    connectedCallback() {
      var self = this;
      load().then(function (data) {
        return services(data, self.getAttribute('commune')).then(function (list) { self.render(data, list); });
      }).catch(function () {});
    }
    render(data, all) {
      var commune = this.getAttribute('commune'), theme = this.getAttribute('thematique'), pub = this.getAttribute('public');
      var level = Math.min(Math.max(parseInt(this.getAttribute('niveau') || '2', 10) || 2, 2), 5);
      var services = all.filter(function (s) {
        return (!commune || s.communes.indexOf(commune) >= 0) && (!theme || s.thematiques.indexOf(theme) >= 0) && (!pub || s.publics.indexOf(pub) >= 0);
      });
      var c = data.communes.filter(function (x) { return x.code === commune; })[0];
      var root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      root.textContent = '';
      var doc = document, section = el(doc, 'section', '', { 'aria-label': 'Annuaire santé' + (c ? ' de ' + c.nom : '') });
      // A constructed sheet, not a <style> element: it passes a strict CSP on the host page.
      if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        root.adoptedStyleSheets = [sheet];
      } else {
        root.appendChild(el(doc, 'style', CSS));
      }
      section.appendChild(el(doc, 'h' + level, 'Services de santé et d\u2019accompagnement' + (c ? ' à ' + c.nom : '')));
      section.appendChild(el(doc, 'p', services.length + (services.length > 1 ? ' services' : ' service'), { role: 'status' }));
      var ul = el(doc, 'ul');
      services.forEach(function (s) {
        var li = el(doc, 'li'), h = el(doc, 'h' + (level + 1));
        h.appendChild(el(doc, 'a', s.titre, { href: s.url }));
        li.appendChild(h);
        if (s.resume) li.appendChild(el(doc, 'p', s.resume));
        var contact = [s.commune, s.telephone ? 'Tél. ' + s.telephone : ''].filter(Boolean).join(' · ');
        if (contact) li.appendChild(el(doc, 'p', contact));
        ul.appendChild(li);
      });
      section.appendChild(ul);
      var more = el(doc, 'p');
      more.appendChild(el(doc, 'a', 'Voir l\u2019annuaire complet', { href: data.url + (c ? 'annuaire/communes/' + c.code + '/' : 'annuaire/') }));
      section.appendChild(more);
      root.appendChild(section);
    }
  }
  if (!customElements.get('cls-annuaire')) customElements.define('cls-annuaire', ClsAnnuaire);
})();
