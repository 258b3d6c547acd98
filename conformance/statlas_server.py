"""Shared helpers for the conformance scripts: start and stop a real `statlas serve` on a free loopback port,
run the command line, and send HTTP requests (a new connection each, so every answer is a whole answer)."""
import http.client, json, os, socket, subprocess, sys, tempfile, time

PASSWORD = "conformance password 2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Statlas:
    """One Statlas installation: a data directory (SQLite) or a PostgreSQL URL, and its server process."""

    def __init__(self, binary, data_dir=None, database_url=None):
        self.binary = binary
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="statlas-conf-")
        self.database_url = database_url
        self.process = None
        self.port = None
        self.log_path = os.path.join(self.data_dir, "serve.log")

    def storage_args(self):
        return ["--database-url", self.database_url] if self.database_url else ["--data-dir", self.data_dir]

    def cli(self, *args, stdin=None, check=True):
        result = subprocess.run([self.binary, *args, *self.storage_args()], input=stdin, text=True, capture_output=True)
        if check and result.returncode != 0:
            sys.exit(f"statlas {' '.join(args)} failed: {result.stderr.strip()}")
        return result

    def admin_token(self, email="admin@example.org"):
        self.cli("user", "create", "--email", email, "--name", "Conformance Admin", "--admin", "--password-stdin", stdin=PASSWORD + "\n")
        out = self.cli("token", "create", "--email", email).stdout.strip().splitlines()
        return out[-1].strip()

    def start(self, *extra):
        self.port = self.port or free_port()
        log = open(self.log_path, "a")
        self.process = subprocess.Popen([self.binary, "serve", "--port", str(self.port), "--secure-cookies", "no", *self.storage_args(), *extra],
                                        stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if request(self.port, "GET", "/healthz", timeout=2)[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                sys.exit("statlas serve stopped during start-up: see " + self.log_path)
            time.sleep(0.1)
        sys.exit("statlas serve did not start in time")

    def kill(self, sig):
        self.process.send_signal(sig)
        code = self.process.wait(timeout=60)
        self.process = None
        return code

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection; returns (status, headers dict, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = None
        headers = dict(headers or {})
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        headers.setdefault("Connection", "close")
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        headers = {}
        for name, value in response.getheaders():  # repeated headers (Set-Cookie) joined by newlines
            headers[name.lower()] = headers[name.lower()] + "\n" + value if name.lower() in headers else value
        return response.status, headers, text
    finally:
        connection.close()


def bearer(token):
    return {"Authorization": "Bearer " + token}
