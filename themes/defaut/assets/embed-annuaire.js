// Embedded directory: filters the list from the address (?commune=&thematique=&public=)
// and tells the page that embeds it how tall it is. The list is complete without it.
(function () {
  var q = new URLSearchParams(location.search);
  var commune = q.get('commune'), theme = q.get('thematique'), pub = q.get('public');
  var items = document.querySelectorAll('#liste > li');
  var shown = 0;
  function has(el, attr, v) { return !v || (el.getAttribute(attr) || '').split(' ').indexOf(v) >= 0; }
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
  function size() {
    if (parent !== window) parent.postMessage({ type: 'cls:resize', height: document.documentElement.scrollHeight }, '*');
  }
  if (window.ResizeObserver) new ResizeObserver(size).observe(document.documentElement);
  addEventListener('load', size);
  size();
})();
