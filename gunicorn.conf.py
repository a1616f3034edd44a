"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py lawbridge.wsgi`."""

import multiprocessing
import os

# Loopback by default: behind nginx on the same machine, and nobody can reach gunicorn around it
# to forge X-Forwarded-For. Set HOST to a private address when the proxy runs elsewhere.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = [
    f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'lawbridge.settings.production')}"
]
