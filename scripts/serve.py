#!/usr/bin/env python3
"""Serves a folder (default dist/) on http://127.0.0.1:PORT with the right
MIME type for .wasm, and prints the URL."""
import functools
import http.server
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "dist"
port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript"}

    def log_message(self, fmt, *args):
        pass


handler = functools.partial(Handler, directory=root)
try:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
except OSError as error:
    sys.exit(f"serve: cannot listen on 127.0.0.1:{port}: {error}")
print(f"Lightcone is being served at http://127.0.0.1:{port}/  (Ctrl+C stops)", flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
