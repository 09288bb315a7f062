#!/usr/bin/python3
"""A time-stamping authority for the tests: RFC 3161 over HTTP on 127.0.0.1, each reply made by
`openssl ts -reply` with the TSA key and configuration in the folder given. Prints its port,
then serves until its standard input closes (the test that started it ends).

    tsa_server.py DIR [--refuse | --wrong]

--refuse answers HTTP 500; --wrong replies with the token of another request (a stale or
replayed reply), which vanban must refuse; --garbage answers bytes that are no RFC 3161 reply;
--huge answers a megabyte, more than any TSA reply."""
import http.server
import os
import subprocess
import sys
import tempfile
import threading

folder = sys.argv[1]
mode = sys.argv[2] if len(sys.argv) > 2 else ""


def reply_to(query):
    with tempfile.TemporaryDirectory() as tmp:
        q, r = os.path.join(tmp, "q.tsq"), os.path.join(tmp, "r.tsr")
        if mode == "--wrong":
            subprocess.run(["openssl", "ts", "-query", "-data", "/dev/null", "-sha256", "-cert",
                            "-out", q], check=True, capture_output=True)
        else:
            with open(q, "wb") as f:
                f.write(query)
        subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(folder, "tsa.cnf"),
                        "-queryfile", q, "-out", r], check=True, capture_output=True, cwd=folder)
        with open(r, "rb") as f:
            return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if mode == "--refuse" or self.headers.get("Content-Type") != "application/timestamp-query":
            self.send_response(500)
            self.end_headers()
            return
        if mode == "--garbage":
            body = b"<html>not a timestamp</html>"
        elif mode == "--huge":
            body = b"0" * (1 << 20)
        else:
            body = reply_to(query)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
sys.stdout.write("%d\n" % server.server_address[1])
sys.stdout.flush()
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
server.shutdown()
