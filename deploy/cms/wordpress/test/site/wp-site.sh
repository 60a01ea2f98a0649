#!/usr/bin/env bash
# A real WordPress for the plugin's end-to-end tests: Debian's `wordpress` package served by
# `php -S` on 127.0.0.1, a private MariaDB (Unix socket only, no TCP port), the plugin copied from
# this repository and activated against the review service under test.
#
#   wp-site.sh start <state-dir> <port> <service-url>   → KEY=VALUE lines in <state-dir>/site.env
#   wp-site.sh stop  <state-dir>                        → stops the processes started for that site
#
# Everything a site needs lives in <state-dir> (content directory, logs, pid files) and in a
# fresh directory under /tmp for the database (its socket path must stay short). The only shared
# file is /etc/wordpress/config-srg-e2e.php, always written with the same content; every site
# passes its own settings to it through the environment. So several sites can run side by side and
# a second run on the same machine starts from scratch.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# SRG_E2E_PLUGIN_SRC: another copy of the plugin (e.g. an older release, to see the tests fail on it)
plugin_src="$(cd "${SRG_E2E_PLUGIN_SRC:-$here/../../secrecy-review-gate}" && pwd)"
WP=/usr/share/wordpress
CONFIG_NAME=srg-e2e
CONFIG_FILE=/etc/wordpress/config-$CONFIG_NAME.php

fail() {
  echo "wp-site: $*" >&2
  exit 1
}

# kill <pid-file> <expected command-line fragment>: only a process this script started
stop_pid() {
  local file=$1 expect=$2 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$expect"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      [ -d "/proc/$pid" ] || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  local state=$1 dbdir=""
  [ -f "$state/dbdir" ] && dbdir=$(cat "$state/dbdir")
  stop_pid "$state/php.pid" "$here/router.php"
  [ -n "$dbdir" ] && stop_pid "$state/mariadbd.pid" "--datadir=$dbdir/data"
  if [ -n "$dbdir" ] && [ -d "$dbdir" ] && [[ "$dbdir" == /tmp/srg-wp-db.* ]]; then
    rm -rf "$dbdir"
  fi
  return 0
}

start() {
  local state=$1 port=$2 service=$3
  [ -f "$WP/wp-settings.php" ] || fail "Debian package 'wordpress' is not installed"
  local mariadbd
  mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  [ -x "$mariadbd" ] || fail "MariaDB is not installed (Debian package 'mariadb-server')"
  command -v mariadb-install-db >/dev/null || fail "mariadb-install-db not found (Debian package 'mariadb-server')"
  command -v curl >/dev/null || fail "curl is not installed"
  php -r 'foreach (["mysqli","mbstring","xml","curl"] as $e) { if (!extension_loaded($e)) { fwrite(STDERR, "PHP extension $e missing\n"); exit(1); } }' \
    || fail "PHP extensions missing (Debian packages php-mysql php-mbstring php-xml php-curl)"
  [ -d /etc/wordpress ] || fail "/etc/wordpress does not exist"
  [ -w /etc/wordpress ] || [ -f "$CONFIG_FILE" ] || fail "cannot write $CONFIG_FILE (run as root)"

  mkdir -p "$state"
  stop "$state"
  # Debian's wp-config.php reads /etc/wordpress/config-<WORDPRESS_CONFIG>.php
  if ! cmp -s "$here/config-srg-e2e.php" "$CONFIG_FILE" 2>/dev/null; then
    cp "$here/config-srg-e2e.php" "$CONFIG_FILE.$$" && mv -f "$CONFIG_FILE.$$" "$CONFIG_FILE"
  fi

  # ---- database: a private MariaDB on a Unix socket, no network
  local dbdir
  dbdir=$(mktemp -d /tmp/srg-wp-db.XXXXXX)
  chmod 755 "$dbdir"
  echo "$dbdir" >"$state/dbdir"
  local as_user=() client_user
  client_user=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    id mysql >/dev/null 2>&1 || fail "no system user mysql (Debian package 'mariadb-server')"
    chown mysql:mysql "$dbdir"
    as_user=(--user=mysql)
    client_user=root
  fi
  mariadb-install-db --no-defaults --datadir="$dbdir/data" "${as_user[@]}" --auth-root-authentication-method=socket \
    --skip-test-db >"$state/mariadb-install.log" 2>&1 || fail "mariadb-install-db failed, see $state/mariadb-install.log"
  setsid "$mariadbd" --no-defaults --datadir="$dbdir/data" --socket="$dbdir/mysqld.sock" --pid-file="$dbdir/mysqld.pid" \
    --skip-networking --skip-log-bin --innodb-buffer-pool-size=64M --character-set-server=utf8mb4 \
    --log-error="$state/mariadb.log" "${as_user[@]}" </dev/null >/dev/null 2>&1 &
  echo $! >"$state/mariadbd.pid"
  local sql=(mariadb --no-defaults --socket="$dbdir/mysqld.sock" -u "$client_user")
  for i in $(seq 1 300); do
    "${sql[@]}" -e 'SELECT 1' >/dev/null 2>&1 && break
    [ "$i" = 300 ] && fail "MariaDB did not start, see $state/mariadb.log"
    [ -d "/proc/$(cat "$state/mariadbd.pid")" ] || fail "MariaDB exited, see $state/mariadb.log"
    sleep 0.2
  done
  local dbpass secret admin_password
  dbpass=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  secret=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  admin_password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  "${sql[@]}" -e "CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '$dbpass';
    GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';" || fail "could not create the database"

  # ---- content directory: the plugin as in this repository, Debian's themes and translations
  local content="$state/wp-content"
  rm -rf "$content"
  mkdir -p "$content/plugins" "$content/mu-plugins" "$content/themes" "$content/uploads"
  cp -r "$plugin_src" "$content/plugins/secrecy-review-gate"
  cp "$here/e2e-site.php" "$content/mu-plugins/"
  local t
  for t in "$WP"/wp-content/themes/* /var/lib/wordpress/wp-content/themes/*; do
    [ -d "$t" ] && ln -sfn "$(readlink -f "$t")" "$content/themes/$(basename "$t")"
  done
  [ -d /var/lib/wordpress/wp-content/languages ] && ln -sfn /var/lib/wordpress/wp-content/languages "$content/languages"

  # ---- the web server
  cat >"$state/env" <<ENV
SRG_E2E_WORDPRESS_CONFIG=$CONFIG_NAME
SRG_E2E_DB_SOCKET=$dbdir/mysqld.sock
SRG_E2E_DB_PASSWORD=$dbpass
SRG_E2E_CONTENT_DIR=$content
SRG_E2E_SECRET=$secret
SRG_E2E_DEBUG_LOG=$state/php-debug.log
ENV
  chmod 600 "$state/env"
  : >"$state/php-debug.log"
  local php_ini=(-d memory_limit=256M -d upload_max_filesize=16M -d post_max_size=20M -d max_execution_time=120
    -d log_errors=On -d display_errors=Off -d error_reporting=-1 -d "error_log=$state/php-debug.log")
  (
    set -a
    # shellcheck disable=SC1091
    . "$state/env"
    set +a
    export PHP_CLI_SERVER_WORKERS=4
    exec setsid php "${php_ini[@]}" -S "127.0.0.1:$port" -t "$WP" "$here/router.php" </dev/null >"$state/php-server.log" 2>&1
  ) &
  echo $! >"$state/php.pid"
  local base="http://127.0.0.1:$port"
  for i in $(seq 1 150); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base/wp-admin/install.php" || true)
    [ "$code" = 200 ] && break
    [ "$i" = 150 ] && fail "php -S did not answer (HTTP $code), see $state/php-server.log and $state/php-debug.log"
    sleep 0.2
  done

  # ---- install (the same form an administrator fills in), then the plugin and the accounts
  curl -s -o "$state/install.html" -w '%{http_code}' \
    --data-urlencode 'weblog_title=保密审查测试站' --data-urlencode 'user_name=admin' \
    --data-urlencode "admin_password=$admin_password" --data-urlencode "admin_password2=$admin_password" \
    --data-urlencode 'pw_weak=on' --data-urlencode 'admin_email=admin@example.invalid' \
    --data-urlencode 'blog_public=0' --data-urlencode 'language=zh_CN' \
    "$base/wp-admin/install.php?step=2" >"$state/install.status" || fail "install.php did not answer"
  [ "$(cat "$state/install.status")" = 200 ] || fail "install.php answered HTTP $(cat "$state/install.status")"
  "${sql[@]}" -N -e "SELECT COUNT(*) FROM wordpress.wp_users" 2>/dev/null | grep -qx 1 \
    || fail "WordPress was not installed, see $state/install.html"
  local setup_out
  setup_out=$(
    set -a
    . "$state/env"
    set +a
    php "${php_ini[@]}" "$here/setup.php" "$port" "$service"
  ) || fail "setup.php failed"
  {
    echo "URL=$base"
    echo "ADMIN_USER=admin"
    echo "ADMIN_PASSWORD=$admin_password"
    echo "CONTENT_DIR=$content"
    echo "DEBUG_LOG=$state/php-debug.log"
    echo "$setup_out"
  } >"$state/site.env"
  chmod 600 "$state/site.env"
  echo "wp-site: WordPress ready at $base"
}

case "${1:-}" in
  start)
    [ $# = 4 ] || fail "usage: $0 start <state-dir> <port> <service-url>"
    start "$(mkdir -p "$2" && cd "$2" && pwd)" "$3" "$4"
    ;;
  stop)
    [ $# = 2 ] || fail "usage: $0 stop <state-dir>"
    [ -d "$2" ] && stop "$(cd "$2" && pwd)"
    ;;
  *)
    fail "usage: $0 start <state-dir> <port> <service-url> | stop <state-dir>"
    ;;
esac
