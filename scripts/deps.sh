#!/bin/sh
# Installs the Debian packages skillgate needs to build, run and test, when they are missing.
# Idempotent: a machine that has everything installs nothing. Runs as root or through sudo.
#   scripts/deps.sh build   - compiler and libraries (make, make run)
#   scripts/deps.sh test    - plus test tools: cmocka, SMTP sink, chromium, Java for vnu, wrk, nginx, PostgreSQL
#   scripts/deps.sh security - plus the scanners of `make security`: sqlmap and wapiti
set -eu
BUILD="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev libsodium-dev \
libcurl4-openssl-dev libjansson-dev libcsv-dev libcmark-dev zlib1g-dev gettext"
TEST="libcmocka-dev python3 python3-aiosmtpd chromium wrk nginx-light clang libclang-rt-14-dev \
clang-format postgresql postgresql-contrib python3-psycopg2"
# Node.js and Java may come from outside Debian; take Debian's only when the command is absent.
command -v node >/dev/null 2>&1 || TEST="$TEST nodejs"
command -v npm >/dev/null 2>&1 || TEST="$TEST npm"
command -v java >/dev/null 2>&1 || TEST="$TEST default-jre-headless"
SECURITY="sqlmap wapiti"
want="$BUILD"
[ "${1:-build}" = test ] && want="$BUILD $TEST"
[ "${1:-build}" = security ] && want="$BUILD $SECURITY"
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
