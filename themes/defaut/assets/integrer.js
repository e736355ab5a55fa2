// Configurator of /integrer/: builds the snippet, refreshes the preview, copies the code.
(function () {
  var form = document.getElementById('configurateur');
  var code = document.getElementById('code');
  var preview = document.getElementById('apercu');
  var copy = document.getElementById('copier');
  var status = document.getElementById('copie-statut');
  if (!form || !code) return;
  var base = code.getAttribute('data-base');
  function esc(s) { return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;'); }
  function update() {
    var f = new FormData(form), commune = f.get('commune') || '', theme = f.get('thematique') || '', pub = f.get('public') || '';
    var sel = form.elements.commune, name = commune ? sel.options[sel.selectedIndex].text : '';
    var title = 'Annuaire santé' + (name ? ' de ' + name : '');
    var q = new URLSearchParams();
    if (commune) q.set('commune', commune);
    if (theme) q.set('thematique', theme);
    if (pub) q.set('public', pub);
    var qs = q.toString(), snippet;
    if (f.get('type') === 'iframe') {
      snippet = '<iframe src="' + esc(base + 'embed/annuaire/' + (qs ? '?' + qs : '')) + '" title="' + esc(title) + '" style="width:100%;height:800px;border:0" loading="lazy" allow="geolocation"></iframe>';
    } else if (f.get('type') === 'composant') {
      snippet = '<script src="' + esc(base + 'cls-annuaire.js') + '" defer></script>\n<cls-annuaire' + (commune ? ' commune="' + esc(commune) + '"' : '') + (theme ? ' thematique="' + esc(theme) + '"' : '') + (pub ? ' public="' + esc(pub) + '"' : '') + '><a href="' + esc(base + 'annuaire/') + '">' + esc(title) + '</a></cls-annuaire>';
    } else {
      snippet = '<script src="' + esc(base + 'embed.js') + '"' + (commune ? ' data-commune="' + esc(commune) + '"' : '') + (theme ? ' data-thematique="' + esc(theme) + '"' : '') + (pub ? ' data-public="' + esc(pub) + '"' : '') + ' data-titre="' + esc(title) + '"></script>';
    }
    code.textContent = snippet;
    preview.src = preview.src.split('?')[0] + (qs ? '?' + qs : '');
    preview.title = 'Aperçu : ' + title;
  }
  form.addEventListener('change', update);
  form.addEventListener('submit', function (e) { e.preventDefault(); update(); });
  copy.hidden = false;
  copy.addEventListener('click', function () {
    navigator.clipboard.writeText(code.textContent).then(function () { status.textContent = 'Code copié.'; }, function () { status.textContent = 'Copie impossible : sélectionnez le code et copiez-le.'; });
  });
  update();
})();
