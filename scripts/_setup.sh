# Shared by scripts/build and scripts/test: install what is missing, quickly when all is there.
# Sourced, not run. Sets PY to the venv's python.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need_apt=()
if ! fc-list :lang=zh family 2>/dev/null | grep -q "Noto Sans CJK SC"; then need_apt+=(fonts-noto-cjk); fi
# English print sets Latin runs in Noto Sans (the CJK face's quotes are full-width)
fc-list 2>/dev/null | grep -q "NotoSans-Regular" || need_apt+=(fonts-noto-core)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || need_apt+=(fontconfig)
# WeasyPrint needs Pango; present on most systems, installed here when it is not.
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
# Browser tests (scripts/test only): Debian's Chromium driven by Node's playwright-core, and
# Java for the Nu HTML Checker. Nothing is downloaded when they are present.
if [ "${INSTALL_EXTRAS:-}" = test ]; then
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
  command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
  command -v gs >/dev/null 2>&1 || need_apt+=(ghostscript)  # build --cmyk (tests/test_print_cmyk.py)
  # plan.docx and notice-form.xlsx opened as the office opens them (tests/test_plan_sections.py,
  # tests/test_notice_form.py); about a minute to install without recommends
  command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc libreoffice-writer)
fi
for pkg in "${EXTRA_APT[@]:-}"; do [ -n "$pkg" ] && need_apt+=("$pkg"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing system packages: ${need_apt[*]}" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv" >&2
  python3 -m venv .venv
fi
PY="$ROOT/.venv/bin/python"
# Reinstall only when the package's requirements changed (a stamp holds pyproject's hash).
want="$(sha256sum pyproject.toml | cut -c1-16)"
stamp=".venv/.installed-${INSTALL_EXTRAS:-base}"
satisfied=""
for s in "$stamp" .venv/.installed-test; do  # the test install includes the base one
  [ -f "$s" ] && [ "$(cat "$s")" = "$want" ] && satisfied=1
done
if [ -z "$satisfied" ]; then
  echo "installing xuanjiao and its dependencies into .venv" >&2
  "$PY" -m pip install -q --upgrade pip >/dev/null
  target="."
  [ -n "${INSTALL_EXTRAS:-}" ] && target=".[${INSTALL_EXTRAS}]"
  "$PY" -m pip install -q -e "$target"
  echo "$want" > "$stamp"
fi

# npm packages for the browser tests (playwright-core, axe-core, vnu-jar): `npm ci` only when
# node_modules is missing or package-lock.json changed since the last install.
if [ "${INSTALL_EXTRAS:-}" = test ] && [ -f package-lock.json ]; then
  want_npm="$(sha256sum package-lock.json | cut -c1-16)"
  if [ ! -d node_modules ] || [ "$(cat node_modules/.xuanjiao-lock 2>/dev/null)" != "$want_npm" ]; then
    echo "installing browser-test packages into node_modules" >&2
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want_npm" > node_modules/.xuanjiao-lock
  fi
fi

# In a git checkout: catalogs merge by message id (.gitattributes, scripts/po-merge), not by line.
if [ -e .git ] && command -v git >/dev/null 2>&1; then
  git config merge.po.name "gettext catalogs by message id" 2>/dev/null || true
  git config merge.po.driver ".venv/bin/python scripts/po-merge %O %A %B" 2>/dev/null || true
fi
