#!/bin/sh
# Debian packages the tests use: Chromium and its driver for the page, PostgreSQL for the second store.
# Installs what is missing when run as root on Debian, starts the local PostgreSQL cluster and gives the
# current user a role in it; elsewhere it says what to install and the tests that need it skip.
set -u
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v chromedriver >/dev/null 2>&1 || need="$need chromium-driver"
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need="$need postgresql"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing$need"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  else
    echo "note: install$need for the browser and PostgreSQL tests; they skip without them"
  fi
fi
if command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters -h 2>/dev/null | while read -r version cluster port status rest; do
    [ "$status" = online ] || pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
  done
  user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\" | grep -q 1 || createuser --superuser $user" 2>/dev/null || true
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='accord_test'\" | grep -q 1 || createdb -O $user accord_test" 2>/dev/null || true
  fi
fi
exit 0
