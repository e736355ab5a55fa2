// portail: inserts the embeddable directory after this script tag and keeps its height right.
// <script src="…/embed.js" data-commune="24901" data-thematique="sante-mentale" data-titre="…"></script>
(function () {
  var s = document.currentScript;
  if (!s) return;
  var origin = new URL(s.src).origin, base = s.src.replace(/embed\.js(\?.*)?$/, '');
  var q = new URLSearchParams();
  ['commune', 'thematique', 'public'].forEach(function (k) { var v = s.getAttribute('data-' + k); if (v) q.set(k, v); });
  var f = document.createElement('iframe');
  f.src = base + 'embed/annuaire/' + (q.toString() ? '?' + q : '');
  f.title = s.getAttribute('data-titre') || 'Annuaire des services de santé';
  f.loading = 'lazy';
  // « Près de chez moi » may ask for the position; the host page decides, nothing is sent.
  f.allow = 'geolocation';
  f.style.cssText = 'display:block;width:100%;min-height:20rem;border:0';
  s.parentNode.insertBefore(f, s.nextSibling);
  addEventListener('message', function (e) {
    if (e.source !== f.contentWindow || e.origin !== origin) return;
    var d = e.data;
    if (d && d.type === 'cls:resize' && typeof d.height === 'number' && d.height > 0 && d.height < 1e5) f.style.height = Math.ceil(d.height) + 'px';
  });
})();
