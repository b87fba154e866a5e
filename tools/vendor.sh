#!/usr/bin/env bash
# Copies the front-end libraries pinned in package-lock.json into static/vendor/ (committed, so that
# neither CI nor production ever needs Node or a CDN). htmx comes from django-htmx's vendored copy.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=static/vendor
rm -rf "$dest" && mkdir -p "$dest"/{bootstrap,bootstrap-icons,chartjs,htmx}
cp node_modules/bootstrap/dist/css/bootstrap.min.css{,.map} "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js{,.map} "$dest/bootstrap/"
cp node_modules/bootstrap/LICENSE "$dest/bootstrap/"
cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts "$dest/bootstrap-icons/"
cp node_modules/bootstrap-icons/LICENSE "$dest/bootstrap-icons/"
cp node_modules/chart.js/dist/chart.umd.min.js{,.map} "$dest/chartjs/"
cp node_modules/chart.js/LICENSE.md "$dest/chartjs/"
htmx=$(.venv/bin/python -c "import django_htmx, pathlib; print(pathlib.Path(django_htmx.__file__).parent / 'static/django_htmx/htmx-2.min.js')")
cp "$htmx" "$dest/htmx/htmx.min.js"
# axe-core checks accessibility in the browser tests only: it is kept with the test helpers, not served.
axe=concord/common/testing/axe
mkdir -p "$axe"
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$axe/"
echo "vendored into $dest and $axe"
