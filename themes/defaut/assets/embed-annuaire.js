// Embedded directory: filters the list from the address (?commune=&thematique=&public=)
// and tells the page that embeds it how tall it is. The list is complete without it. A large
// directory ships no list (`data-par-commune`): the commune's file fills it, as text only.
(function () {
  var q = new URLSearchParams(location.search);
  var commune = q.get('commune'), theme = q.get('thematique'), pub = q.get('public');
  var list = document.getElementById('liste');
  function has(el, attr, v) { return !v || (el.getAttribute(attr) || '').split(' ').indexOf(v) >= 0; }
  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }
  function card(s) {
    var li = el('li', '', { 'class': 'carte', 'data-communes': s.communes.join(' '), 'data-thematiques': s.thematiques.join(' '), 'data-publics': s.publics.join(' ') });
    var h = el('h2', '', { 'class': 'carte-titre' });
    h.appendChild(el('a', s.titre, { href: s.url, target: '_top' }));
    li.appendChild(h);
    if (s.resume) li.appendChild(el('p', s.resume));
    var contact = [s.commune, s.telephone ? 'Tél. ' + s.telephone : ''].filter(Boolean).join(' · ');
    if (contact) li.appendChild(el('p', contact, { 'class': 'carte-contact' }));
    return li;
  }
  function filter() {
    var items = list.querySelectorAll('#liste > li');
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = has(items[i], 'data-communes', commune) && has(items[i], 'data-thematiques', theme) && has(items[i], 'data-publics', pub);
      items[i].hidden = !ok;
      if (ok) shown++;
    }
    var name = '';
    if (commune) {
      var a = document.querySelector('a[data-code="' + CSS.escape(commune) + '"]');
      if (a) { name = a.textContent; document.getElementById('lien-complet').href = a.href; }
    }
    document.getElementById('compte').textContent = shown + (shown > 1 ? ' services' : ' service') + (name ? ' pour les habitants de ' + name : '');
    if (name) document.getElementById('titre-annuaire').textContent = 'Services de santé et d\u2019accompagnement à ' + name;
    size();
  }
  function size() {
    if (parent !== window) parent.postMessage({ type: 'cls:resize', height: document.documentElement.scrollHeight }, '*');
  }
  if (window.ResizeObserver) new ResizeObserver(size).observe(document.documentElement);
  addEventListener('load', size);
  var folder = list.getAttribute('data-par-commune');
  if (folder && commune && /^[0-9AB]+$/i.test(commune)) {
    fetch(folder + commune + '.json').then(function (r) { if (!r.ok) throw r; return r.json(); }).then(function (data) {
      data.services.forEach(function (s) { list.appendChild(card(s)); });
      var choose = document.getElementById('choisir');
      if (choose) choose.hidden = true;
      filter();
    }).catch(function () {});
  } else if (!folder) {
    filter();
  }
  size();
})();
