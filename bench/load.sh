#!/usr/bin/env bash
# The load run of bench/README.md ("Load"): a seeded PostgreSQL database, gunicorn (2 workers) and a
# Celery worker on loopback, then locust headless with 50 users for 2 minutes. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

DB=${LOAD_DB:-liaison_hard_load}
PORT=${LOAD_PORT:-8765}
USERS=${LOAD_USERS:-50}
DURATION=${LOAD_DURATION:-2m}
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
export CELERY_BROKER_URL=${LOAD_BROKER:-redis://127.0.0.1:6379/7}
export DEBUG=0 SECRET_KEY="load-$(head -c 48 /dev/urandom | base64 | tr -dc A-Za-z0-9)" ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0  # plain HTTP on loopback
# 50 users sign in from one address within seconds: lift the per-address limits for this run only.
export LOGIN_RATE=10000/m LOGIN_THROTTLE_RATE=10000/min ANON_THROTTLE_RATE=10000/min PUBLIC_PAGE_RATE=10000/m
export LOG_LEVEL=WARNING

dropdb -h 127.0.0.1 -U postgres --if-exists --force "$DB"
createdb -h 127.0.0.1 -U postgres -E UTF8 -T template0 --locale=C.UTF-8 "$DB"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py seed_demo -v0

.venv/bin/gunicorn liaison.wsgi -w 2 -b "127.0.0.1:${PORT}" --access-logfile /dev/null --error-logfile - --log-level warning &
web=$!
.venv/bin/celery -A liaison worker -l WARNING --concurrency=2 --without-gossip --without-mingle &
worker=$!
trap 'kill $web $worker 2>/dev/null; wait $web $worker 2>/dev/null || true' EXIT
sleep 5

.venv/bin/locust -f bench/locustfile.py --headless -u "$USERS" -r 10 -t "$DURATION" \
  --host "http://127.0.0.1:${PORT}" --csv "${LOAD_CSV:-/tmp/liaison_load}" --only-summary
