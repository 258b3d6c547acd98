"""Shared helpers for the conformance scripts: start and stop a real `statlas serve` on a free loopback port,
run the command line, and send HTTP requests (a new connection each, so every answer is a whole answer)."""
import http.client, json, os, re, socket, subprocess, sys, tempfile, time, urllib.parse

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
        return self.user_token(email, "Conformance Admin", "--admin")

    def user_token(self, email, name, *flags):
        """Creates an account (before start) and returns an API token for it."""
        self.cli("user", "create", "--email", email, "--name", name, *flags, "--password-stdin", stdin=PASSWORD + "\n")
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


class Session:
    """A signed-in browser: cookie jar and CSRF token."""

    def __init__(self, port, email):
        self.port, self.cookies, self.csrf = port, {}, None
        self.get("/sign-in")
        self.post("/sign-in", [("email", email), ("password", PASSWORD)])

    def headers(self):
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}

    def remember(self, response):
        status, headers, body = response
        for cookie in headers.get("set-cookie", "").split("\n"):
            pair = cookie.split(";")[0].split("=", 1)
            if len(pair) == 2 and pair[0]:
                self.cookies[pair[0]] = pair[1]
        match = re.search(r'name="csrf" value="([0-9a-f]{64})"', body)
        if match:
            self.csrf = match.group(1)
        return response

    def get(self, path):
        return self.remember(request(self.port, "GET", path, headers=self.headers()))

    def post(self, path, fields):
        body = urllib.parse.urlencode([("csrf", self.csrf or "")] + fields)
        headers = {**self.headers(), "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{self.port}",
                   "Host": f"127.0.0.1:{self.port}"}
        return self.remember(request(self.port, "POST", path, body, headers))


def json_example(openapi, collection):
    """The documented example record of a collection (from the OpenAPI document's schema)."""
    for path, operations in openapi["paths"].items():
        if path == f"/api/v1/{collection}" and "post" in operations:
            ref = operations["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
            return dict(openapi["components"]["schemas"][ref]["examples"][0])
    return {}


def demo_server(examples=None):
    """The common start of a check: `--statlas BINARY` (and `--examples N` when given a default) from the
    command line, a new installation with an administrator's token, serving the demo register."""
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    if examples is not None:
        parser.add_argument("--examples", type=int, default=examples)
    args = parser.parse_args()
    statlas = Statlas(args.statlas)
    token = statlas.admin_token()
    statlas.start("--demo")
    return args, statlas, token
