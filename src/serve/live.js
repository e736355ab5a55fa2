// portail serve: reloads the page when the site changes. Injected in preview only.
(function () {
  var es = new EventSource('/__portail/evenements');
  es.onmessage = function (e) { if (e.data === 'reload') location.reload(); };
})();
