#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1, starting them when they
# are installed but down, and make sure the test role exists.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -z "$version" ]; then
    echo "PostgreSQL is not installed: run 'make test' as root or install package postgresql." >&2
    exit 1
  fi
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || pg_ctlcluster "$version" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

# The tests log in as role "portfolio" with a password, which works with both
# trust and password authentication; pytest-django needs CREATEDB.
if ! PGPASSWORD=portfolio psql -h 127.0.0.1 -U portfolio -d postgres -tAc "select 1" >/dev/null 2>&1; then
  echo "Creating PostgreSQL role portfolio"
  sql="DO \$\$ BEGIN
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portfolio') THEN
           CREATE ROLE portfolio LOGIN CREATEDB PASSWORD 'portfolio';
         ELSE
           ALTER ROLE portfolio LOGIN CREATEDB PASSWORD 'portfolio';
         END IF;
       END \$\$;"
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- psql -q -d postgres -c "$sql"
  else
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "$sql"
  fi
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if ! command -v redis-server >/dev/null; then
    echo "Redis is not installed: run 'make test' as root or install package redis-server." >&2
    exit 1
  fi
  echo "Starting Redis"
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
