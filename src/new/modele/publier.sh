#!/bin/sh
# Construit le portail avec la version de portail fixée ci-dessous, puis, si PUBLIER_VERS est
# donné, l'envoie sur un serveur web par rsync. Pour tout hébergement autre que GitLab ou GitHub.
#
#   sh publier.sh                                           construit le site dans public/
#   PUBLIER_VERS=moi@serveur:/var/www/sante/ sh publier.sh  construit et envoie
#
# Il faut Python 3 (avec venv) ; portail est installé depuis PyPI (paquet portail-cls) dans
# .portail-outils/, une fois par version. Écrit par « portail new » (portail @VERSION@).
set -eu
PORTAIL_VERSION="@VERSION@"
cd "$(dirname "$0")"

outils=".portail-outils/$PORTAIL_VERSION"
if ! "$outils/bin/portail" --version >/dev/null 2>&1; then
  echo "Installation de portail $PORTAIL_VERSION dans $outils…"
  python3 -m venv "$outils"
  "$outils/bin/pip" install --quiet --disable-pip-version-check "portail-cls==$PORTAIL_VERSION"
fi
portail="$outils/bin/portail"
"$portail" --version

if [ -n "${PUBLIER_VERS:-}" ] && [ -z "${PORTAIL_URL:-}" ] && grep -Eq '^url *= *"https?://(localhost|127\.0\.0\.1)' site.toml; then
  echo "erreur : site.toml donne une adresse locale (champ url). Écrivez-y l'adresse publique du site," >&2
  echo "ou donnez-la pour cette fois dans la variable PORTAIL_URL." >&2
  exit 1
fi

"$portail" check
if [ -n "${PORTAIL_URL:-}" ]; then
  "$portail" build --base-url "$PORTAIL_URL"
else
  "$portail" build
fi

if [ -n "${PUBLIER_VERS:-}" ]; then
  # --delay-updates : les fichiers nouveaux n'arrivent qu'à la fin, tous ensemble.
  rsync -a --delete --delay-updates public/ "$PUBLIER_VERS"
  echo "Publié vers $PUBLIER_VERS"
else
  echo "Site construit dans public/. Pour l'envoyer : PUBLIER_VERS=moi@serveur:/var/www/sante/ sh publier.sh"
fi
