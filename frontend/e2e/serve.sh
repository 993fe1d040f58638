#!/usr/bin/env bash
# The server the browser tests talk to: the production stack (gunicorn, DEBUG off) with the
# real model, on a throw-away SQLite database and media folder, on 127.0.0.1 only; and the
# task worker beside it, which runs the retraining the loop test starts (a dry run).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
export DEBUG=false SECRET_KEY=e2e-only-secret ALLOWED_HOSTS=127.0.0.1 HTTPS=false
export DATABASE_URL="sqlite:///$work/e2e.sqlite3" MEDIA_ROOT="$work/media" RECOGNITION_THROTTLE_RATE=off
# The tests draw the same 7 more than once and mean separate drawings (resubmissions: pytest).
export RESUBMISSION_WINDOW_SECONDS=0
export DJANGO_STAFF_USERNAME=e2e-staff DJANGO_STAFF_PASSWORD=e2e-staff-password
export GUNICORN_BIND=127.0.0.1:${E2E_PORT:-8123} WEB_CONCURRENCY=1 LOG_LEVEL=WARNING
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py ensure_staff_user
.venv/bin/python manage.py db_worker --no-startup-delay --no-reload --interval 0.5 >"$work/worker.log" 2>&1 &
worker=$!
.venv/bin/python -m gunicorn digitsite.wsgi &
web=$!
trap 'kill $worker $web 2>/dev/null; wait' EXIT INT TERM
wait -n $worker $web
