#!/usr/bin/env bash
# Run the demo school on one machine: SQLite in var/, a Celery worker with
# beat inside it on the embedded file-system broker, and the web server on
# 127.0.0.1:${DEMO_PORT:-8000}. Stopping the server (Ctrl-C) stops the worker.
# Running it again reuses .env, the database and the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${DEMO_PORT:-8000}"
PY=.venv/bin/python
PIDFILE=var/celery-worker.pid
export DJANGO_SETTINGS_MODULE=portfolio.settings
# The demo always uses SQLite and the embedded broker, whatever the shell exports.
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL CELERY_RESULT_BACKEND
# Plain static storage: collectstatic then only copies changed files, where the
# compressing manifest storage of production rebuilds every file on each run.
export STATICFILES_BACKEND="${STATICFILES_BACKEND:-django.contrib.staticfiles.storage.StaticFilesStorage}"

# A fictional return address for the demo's paper notices.
export SCHOOL_ADDRESS="${SCHOOL_ADDRESS:-330 桃園市桃園區示範路 1 號}"
export SCHOOL_PHONE="${SCHOOL_PHONE:-(03) 000-0000 轉 210}"
export REGISTRY_EMAIL="${REGISTRY_EMAIL:-registry@school.example}"

mkdir -p var/celery-broker/queue var/celery-broker/processed

if [ ! -f .env ]; then
  key=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
  printf 'SECRET_KEY=%s\nDEBUG=true\n' "$key" > .env
  echo "Wrote .env with a new SECRET_KEY and DEBUG=true"
fi

# Stop the worker whose pid is in $PIDFILE, if that process is still a Celery worker.
stop_worker() {
  [ -f "$PIDFILE" ] || return 0
  local pid
  pid=$(cat "$PIDFILE")
  if [ -n "$pid" ] && grep -qa celery "/proc/$pid/cmdline" 2>/dev/null; then
    echo "Stopping Celery worker $pid"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDFILE"
}

port_busy() {
  "$PY" -c 'import socket, sys; s = socket.socket(); sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)' "$1"
}

stop_worker  # one left running by an earlier run
if port_busy "$PORT"; then
  echo "Port $PORT on 127.0.0.1 is in use: stop the program using it (perhaps an earlier 'make demo'), or run DEMO_PORT=8001 make demo." >&2
  exit 1
fi

"$PY" manage.py migrate --noinput --verbosity 1
"$PY" manage.py collectstatic --noinput --verbosity 0
echo "Building the demo school"
"$PY" manage.py seed_demo >var/demo-logins.txt

.venv/bin/celery -A portfolio worker -B --pool=solo --loglevel=INFO >var/celery-worker.log 2>&1 &
echo $! >"$PIDFILE"
trap stop_worker EXIT
echo "Celery worker with beat started (pid $(cat "$PIDFILE"), log in var/celery-worker.log)"

echo
cat var/demo-logins.txt
echo
echo "Open http://127.0.0.1:$PORT/ and log in. Password reset e-mails print here; reminder"
echo "e-mails go to var/celery-worker.log. Ctrl-C stops everything."

# The server runs in the background so that a TERM sent to this script (or to
# make) stops it as well as the worker, not only Ctrl-C in the terminal.
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload &
server_pid=$!
stop_all() {
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  stop_worker
}
trap stop_all EXIT
trap 'exit 130' INT TERM
wait "$server_pid"
