// « Ouvert maintenant » / « Fermé, ouvre lundi à 8 h 30 », in Paris time, from the weekly
// schedule the page carries. The hours are written out in full above; this only adds the state.
(function () {
  var el = document.querySelector('[data-horaires]');
  if (!el) return;
  var week = JSON.parse(el.getAttribute('data-horaires'));
  var holidays = JSON.parse(el.getAttribute('data-feries') || '[]');
  var DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
  var p = {};
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date()).forEach(function (x) { p[x.type] = x.value; });
  var today = Date.UTC(+p.year, +p.month - 1, +p.day), now = +p.hour * 60 + +p.minute;
  function hm(m) { var h = Math.floor(m / 60), mm = m % 60; return h + ' h' + (mm ? ' ' + (mm < 10 ? '0' : '') + mm : ''); }
  function spans(k) {
    var d = new Date(today + k * 864e5), iso = d.toISOString().slice(0, 10);
    if (week.f && holidays.indexOf(iso) >= 0) return [];
    return week.j[(d.getUTCDay() + 6) % 7];
  }
  var msg = 'Fermé', open = false, s = spans(0);
  for (var i = 0; i < s.length; i++) {
    if (s[i][0] <= now && now < s[i][1]) { open = true; msg = 'Ouvert maintenant' + (s[i][1] < 1440 ? ', jusqu\u2019à ' + hm(s[i][1]) : ''); }
  }
  if (!open) {
    search: for (var k = 0; k < 14; k++) {
      var day = spans(k);
      for (var j = 0; j < day.length; j++) {
        if (k > 0 || day[j][0] > now) {
          var when = k === 0 ? 'aujourd\u2019hui' : k === 1 ? 'demain' : DAYS[(new Date(today + k * 864e5).getUTCDay() + 6) % 7];
          msg = 'Fermé, ouvre ' + when + ' à ' + hm(day[j][0]);
          break search;
        }
      }
    }
  }
  el.textContent = msg;
  el.className += open ? ' ouvert' : ' ferme';
  el.hidden = false;
})();
