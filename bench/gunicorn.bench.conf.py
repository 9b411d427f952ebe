"""gunicorn for `make bench`: the production config, with one worker per core plus one."""

import multiprocessing
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8300')}"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
keepalive = 5
timeout = 30
accesslog = None
errorlog = "-"
loglevel = "warning"
preload_app = True
