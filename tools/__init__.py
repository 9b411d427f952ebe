"""Maintenance scripts, and tools/nginx_local.py shared by the benchmark and the tests."""
