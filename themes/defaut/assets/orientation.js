// Orientation, in the browser only: "near me" sorts lists of services by distance, and a
// selection of services (kept in localStorage, never sent) is printed, shared or sent from
// /selection/. Nothing leaves the device; without this script the pages work as they are.
(function () {
  'use strict';
  var KEY = 'portail-selection';
  // The site's base is where this script sits, one folder up from theme/.
  var me = document.currentScript;
  var base = me ? me.getAttribute('src').replace(/theme\/[^\/]*$/, '') : '/';
  // What works only with this script is made by it: the selection buttons, the header's link
  // to the selection and the live region that announces changes. A page read without the
  // script carries none of them, and thousands of pages do not carry their bytes.
  var embedded = document.body.classList.contains('integre');
  function button(id) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'ajouter-selection';
    b.setAttribute('data-selection-id', id);
    b.setAttribute('aria-pressed', 'false');
    return b;
  }
  if (!embedded) {
    document.querySelectorAll('main li.carte[data-id]').forEach(function (li) {
      li.appendChild(button(li.getAttribute('data-id')));
    });
    var page = document.querySelector('main .fiche.service[data-id]');
    var head = page && page.querySelector('.fiche-entete');
    if (head) {
      var holder = document.createElement('p');
      holder.appendChild(button(page.getAttribute('data-id')));
      head.insertBefore(holder, head.querySelector('.bandeau-facile'));
    }
  }
  var link = null;
  var tools = document.querySelector('.entete-outils');
  if (tools) {
    link = document.createElement('a');
    link.className = 'lien-selection';
    link.href = base + 'selection/';
    link.hidden = true;
    var n = document.createElement('span');
    n.className = 'selection-nombre';
    n.textContent = '0';
    link.append('Ma sélection (', n, ')');
    tools.insertBefore(link, tools.querySelector('.lien-facile-global'));
  }
  // A browser that cannot show a closed disclosure's content as the menu bar (style.css) gets
  // the bar open on a wide screen.
  var menu = document.querySelector('details.menu');
  if (menu && !(window.CSS && CSS.supports && CSS.supports('selector(::details-content)'))
    && !matchMedia('(max-width: 36rem)').matches) menu.open = true;
  var live = document.createElement('p');
  live.className = 'visuellement-cache selection-annonce';
  live.setAttribute('aria-live', 'polite');
  document.body.appendChild(live);

  function read() {
    try {
      var v = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(v) ? v.filter(function (x) { return typeof x === 'string' && /^[A-Za-z0-9._-]+$/.test(x); }) : [];
    } catch (e) {
      return [];
    }
  }

  function write(ids) {
    try { localStorage.setItem(KEY, JSON.stringify(ids)); } catch (e) { /* private mode: the page still works */ }
  }

  function say(text) {
    live.textContent = '';
    setTimeout(function () { live.textContent = text; }, 60);
  }

  function count(n) {
    return n + (n > 1 ? ' services' : ' service');
  }

  function refresh() {
    var ids = read();
    document.querySelectorAll('.ajouter-selection').forEach(function (b) {
      var on = ids.indexOf(b.getAttribute('data-selection-id')) >= 0;
      b.hidden = false;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.textContent = on ? 'Retirer de ma sélection' : 'Ajouter à ma sélection';
    });
    if (link) {
      link.hidden = ids.length === 0;
      link.querySelector('.selection-nombre').textContent = String(ids.length);
    }
  }

  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('.ajouter-selection');
    if (!b) return;
    var id = b.getAttribute('data-selection-id');
    var ids = read();
    var at = ids.indexOf(id);
    var name = (b.closest('.carte, .feuille, main') || document).querySelector('h1, h2, h3');
    name = name ? name.textContent.trim() : id;
    if (at >= 0) ids.splice(at, 1); else ids.push(id);
    write(ids);
    refresh();
    say((at >= 0 ? name + ' retiré de votre sélection. ' : name + ' ajouté à votre sélection. ') + 'Elle compte ' + count(ids.length) + '.');
    if (document.body.classList.contains('page-selection')) showSelection();
  });

  // ---------------------------------------------------------------- near me

  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  }

  // Great-circle distance in kilometres (haversine).
  function km(a, b, c, d) {
    var r = Math.PI / 180;
    var x = Math.sin((c - a) * r / 2);
    var y = Math.sin((d - b) * r / 2);
    var h = x * x + Math.cos(a * r) * Math.cos(c * r) * y * y;
    return 12742 * Math.asin(Math.sqrt(h));
  }

  function sortFrom(lat, lon, where, state) {
    var n = 0;
    document.querySelectorAll('ul.cartes').forEach(function (ul) {
      var items = Array.prototype.filter.call(ul.children, function (li) { return li.hasAttribute('data-id'); });
      if (!items.length) return;
      var rows = items.map(function (li, i) {
        var la = parseFloat(li.getAttribute('data-lat'));
        var lo = parseFloat(li.getAttribute('data-lon'));
        var d = isNaN(la) || isNaN(lo) ? Infinity : km(lat, lon, la, lo);
        return { li: li, d: d, i: i };
      });
      // Services without coordinates come last, in their order: never hidden.
      rows.sort(function (p, q) { return p.d - q.d || p.i - q.i; });
      rows.forEach(function (r) {
        var p = r.li.querySelector('.carte-distance');
        if (!p) {
          p = document.createElement('p');
          p.className = 'carte-distance';
          r.li.insertBefore(p, r.li.querySelector('.ajouter-selection'));
        }
        p.hidden = false;
        p.textContent = r.d === Infinity ? 'Distance inconnue : adresse non localisée'
          : 'À ' + (r.d < 10 ? r.d.toFixed(1).replace('.', ',') : Math.round(r.d)) + ' km';
        ul.appendChild(r.li);
        n++;
      });
    });
    state.textContent = count(n) + ' classés du plus proche au plus loin de ' + where + '.';
  }

  var box = document.querySelector('.pres-de-moi');
  if (box) {
    box.hidden = false;
    var state = box.querySelector('.pres-etat');
    var communes = null;
    var load = function () {
      if (communes) return Promise.resolve(communes);
      return fetch(box.getAttribute('data-communes')).then(function (r) { return r.json(); })
        .then(function (j) { communes = j.communes || []; return communes; });
    };
    box.querySelector('.pres-position').addEventListener('click', function () {
      if (!navigator.geolocation) {
        state.textContent = 'Ce navigateur ne donne pas la position. Écrivez plutôt votre commune ou votre code postal.';
        return;
      }
      state.textContent = 'Recherche de votre position…';
      navigator.geolocation.getCurrentPosition(function (p) {
        sortFrom(p.coords.latitude, p.coords.longitude, 'votre position', state);
      }, function (err) {
        state.textContent = (err.code === 1 ? 'Vous n\'avez pas autorisé l\'accès à votre position.'
          : 'Votre position n\'a pas pu être trouvée.') + ' Écrivez plutôt votre commune ou votre code postal.';
      }, { timeout: 15000, maximumAge: 600000 });
    });
    box.querySelector('.pres-lieu').addEventListener('submit', function (e) {
      e.preventDefault();
      var q = fold(box.querySelector('#pres-lieu-champ').value);
      if (!q) return;
      load().then(function (list) {
        var code = q.replace(/ /g, '');
        var found = list.filter(function (c) {
          return fold(c.nom) === q || c.code === code || (c.codes_postaux || []).indexOf(code) >= 0;
        })[0] || list.filter(function (c) { return fold(c.nom).indexOf(q) === 0; })[0];
        if (!found) {
          state.textContent = '« ' + q + ' » n\'est pas une commune du territoire. Essayez le nom complet ou le code postal.';
        } else if (found.latitude == null || found.longitude == null) {
          state.textContent = 'La position de ' + found.nom + ' n\'est pas connue : voyez plutôt sa page dans l\'annuaire.';
        } else {
          sortFrom(found.latitude, found.longitude, found.nom, state);
        }
      }).catch(function () {
        state.textContent = 'La liste des communes n\'a pas pu être lue. Réessayez plus tard.';
      });
    });
  }

  // ---------------------------------------------------------------- the selection page

  function text(el, sel) {
    var x = el.querySelector(sel);
    return x ? x.textContent.replace(/\s+/g, ' ').trim() : '';
  }

  function plain(sheets) {
    return sheets.map(function (s) {
      var lines = [text(s, '.feuille-titre'), text(s, '.feuille-adresse'), text(s, '.feuille-tel')];
      s.querySelectorAll('.feuille-horaires li').forEach(function (li) { lines.push(li.textContent.trim()); });
      lines.push(text(s, '.feuille-apporter'), text(s, '.feuille-prix'), text(s, '.feuille-adresse-page'));
      return lines.filter(Boolean).join('\n');
    }).join('\n\n');
  }

  // One service's sheet: this page's template, filled from the service's own page, so the sheet
  // says what the page says and the service pages carry no second copy of it. A line the
  // service has not is removed.
  function sheet(id, doc) {
    var model = document.querySelector('template.modele-feuille');
    if (!model || !doc.querySelector('h1')) return null;
    var s = document.importNode(model.content.querySelector('.feuille'), true);
    s.setAttribute('data-id', id);
    function fill(sel, value) {
      var el = s.querySelector(sel);
      if (!el) return;
      if (!value) el.remove();
      else (el.querySelector('.feuille-valeur') || el).textContent = value;
    }
    var where = doc.querySelector('.contact address');
    if (where) {
      where = where.cloneNode(true);
      where.querySelectorAll('br').forEach(function (br) { br.replaceWith(', '); });
    }
    fill('.feuille-titre', text(doc, 'h1'));
    fill('.feuille-adresse', where ? where.textContent.replace(/\s+/g, ' ').replace(/[\s,]+$/, '').trim() : '');
    fill('.feuille-tel', text(doc, '.appel .tel'));
    fill('.feuille-apporter', text(doc, '.conditions'));
    fill('.feuille-prix', text(doc, '.cout'));
    fill('.feuille-adresse-page', text(doc, '.adresse-page'));
    var hours = s.querySelector('.feuille-horaires');
    var lines = doc.querySelectorAll('ul.horaires li');
    if (hours && !lines.length) hours.remove();
    else if (hours) lines.forEach(function (li) {
      var x = document.createElement('li');
      x.textContent = li.textContent.trim();
      hours.appendChild(x);
    });
    var qr = s.querySelector('.feuille-qr');
    var code = doc.querySelector('.qr-service img');
    if (qr && code) qr.setAttribute('src', code.getAttribute('src'));
    else if (qr) qr.remove();
    var button = s.querySelector('.ajouter-selection');
    if (button) button.setAttribute('data-selection-id', id);
    return s;
  }

  function showSelection() {
    var ids = read();
    var tools = document.querySelector('.selection-outils');
    document.querySelector('.selection-sans-script').hidden = true;
    tools.hidden = false;
    tools.querySelector('.selection-vide').hidden = ids.length > 0;
    tools.querySelector('.selection-pleine').hidden = ids.length === 0;
    tools.querySelector('.selection-trop').hidden = ids.length <= 6;
    var list = document.querySelector('.feuilles');
    Promise.all(ids.map(function (id) {
      return fetch(base + 'annuaire/' + encodeURIComponent(id) + '/').then(function (r) { return r.ok ? r.text() : ''; })
        .then(function (html) {
          return html ? sheet(id, new DOMParser().parseFromString(html, 'text/html')) : null;
        }).catch(function () { return null; });
    })).then(function (sheets) {
      sheets = sheets.filter(Boolean);
      list.replaceChildren.apply(list, sheets);
      // Four services or fewer print in larger type (style.css).
      list.setAttribute('data-nombre', String(sheets.length));
      refresh();
      var body = plain(sheets);
      var share = base + 'selection/?ids=' + ids.map(encodeURIComponent).join(',');
      tools.querySelector('.selection-lien').href = share;
      tools.querySelector('.selection-sms').href = 'sms:?body=' + encodeURIComponent(body);
      tools.querySelector('.selection-courriel').href = 'mailto:?subject=' + encodeURIComponent('Des services pour vous')
        + '&body=' + encodeURIComponent(body);
    });
  }

  if (document.body.classList.contains('page-selection')) {
    var shared = new URLSearchParams(location.search).get('ids');
    if (shared) {
      write(shared.split(',').filter(function (x) { return /^[A-Za-z0-9._-]+$/.test(x); }));
      // Taken in: from now on the selection is this device's, which a reload keeps.
      history.replaceState(null, '', location.pathname);
    }
    document.querySelector('.selection-imprimer').addEventListener('click', function () { window.print(); });
    document.querySelector('.selection-vider').addEventListener('click', function () {
      write([]);
      say('Votre sélection est vide.');
      showSelection();
    });
    showSelection();
  }
  refresh();
})();
