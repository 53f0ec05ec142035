#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306) answer before the tests start,
# starting the machine's own servers if they are down. Waits at most 60 s for each.
set -euo pipefail

wait_for() { # name, check command...
  local name=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then echo "$name is up"; return 0; fi
    sleep 1
  done
  echo "$name did not answer within 60 s" >&2
  return 1
}

if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
fi
wait_for PostgreSQL psql -h 127.0.0.1 -p 5432 -U postgres -d test -c 'SELECT 1'

if ! mariadb-admin -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
fi
wait_for MariaDB mariadb -h 127.0.0.1 -P 3306 -u root -e 'SELECT 1' test
