"""deploy/nginx/baocao.conf, run by Debian's nginx in front of `baocao serve` on loopback, with
only its addresses and paths replaced: static files served by nginx, a page through the proxy,
the body limit, the X-Forwarded-* headers read by the application.

Skipped without /usr/sbin/nginx, unless BAOCAO_REQUIRE_SERVERS=1 (as in .ci/run)."""

import datetime
import http.client
import json
import os
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from .serving import BAOCAO, free_port, start, stop, wait_for

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOST = "baocao.example.gov.vn"


def _certificate(directory: Path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
            .sign(key, hashes.SHA256()))
    directory.mkdir()
    (directory / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))


def site_config(app_port: int, http_port: int, https_port: int, root: Path) -> str:
    """The deploy file with addresses and paths replaced (each replacement must match)."""
    text = (ROOT / "deploy" / "nginx" / "baocao.conf").read_text()
    replacements = [
        ("server 127.0.0.1:8000 ", f"server 127.0.0.1:{app_port} "),
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n"),
        ("    listen [::]:80;\n", ""),
        ("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("/etc/ssl/baocao/", f"{root}/tls/"),
        ("/srv/baocao/static/", f"{root}/static/"),
        ("/var/log/nginx/", f"{root}/logs/"),
        ("/var/www/letsencrypt", f"{root}/acme"),
    ]
    for old, new in replacements:
        assert old in text, f"deploy/nginx/baocao.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    if not Path(NGINX).exists():
        if os.environ.get("BAOCAO_REQUIRE_SERVERS") == "1":
            pytest.fail("nginx is not installed")
        pytest.skip("nginx is not installed")
    root = tmp_path_factory.mktemp("nginx")
    for name in ("logs", "acme", "temp"):
        (root / name).mkdir()
    _certificate(root / "tls")
    env = {"BAOCAO_DATA_DIR": str(root / "data"), "DATABASE_URL": "", "REDIS_URL": "",
           "STATIC_ROOT": str(root / "static"), "SECRET_KEY": "nginx-test-" + "k" * 50,
           "ALLOWED_HOSTS": HOST, "BAOCAO_PROXY_COUNT": "1", "SECURE_PROXY_SSL_HEADER": "true",
           "SECURE_SSL_REDIRECT": "true", "SESSION_COOKIE_SECURE": "true",
           "CSRF_COOKIE_SECURE": "true", "DEBUG": "false"}
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([BAOCAO, *command], env=os.environ | env, check=True,  # noqa: S603
                       capture_output=True, timeout=600)
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    (root / "site.conf").write_text(site_config(app_port, http_port, https_port, root))
    (root / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {root}/temp/body;
    proxy_temp_path {root}/temp/proxy;
    fastcgi_temp_path {root}/temp/fastcgi;
    uwsgi_temp_path {root}/temp/uwsgi;
    scgi_temp_path {root}/temp/scgi;
    include {root}/site.conf;
}}
""")
    nginx_args = [NGINX, "-p", str(root), "-e", str(root / "logs" / "error.log"),
                  "-c", str(root / "nginx.conf")]
    checked = subprocess.run([*nginx_args, "-t"], capture_output=True, text=True)  # noqa: S603
    assert checked.returncode == 0, checked.stderr
    app = start(["serve", "--bind", f"127.0.0.1:{app_port}", "--workers", "2"], env,
                root / "serve.log")
    nginx = subprocess.Popen(nginx_args, stdout=subprocess.DEVNULL,  # noqa: S603
                             stderr=open(root / "nginx.out", "wb"))  # noqa: SIM115
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz", app)
        wait_for(f"http://127.0.0.1:{http_port}/", nginx)
        yield {"https": https_port, "http": http_port, "root": root}
    finally:
        nginx.terminate()
        nginx.wait(20)
        stop(app)


def _https(proxy, method, path, body=None, headers=None, source="127.0.0.3"):
    context = ssl.create_default_context(cafile=str(proxy["root"] / "tls" / "fullchain.pem"))
    context.check_hostname = False
    conn = http.client.HTTPSConnection("127.0.0.1", proxy["https"], context=context,
                                       timeout=30, source_address=(source, 0))
    conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def _app_lines(proxy):
    return [json.loads(line) for line in (proxy["root"] / "serve.log").read_text().splitlines()
            if line.startswith("{")]


def test_static_files_are_served_by_nginx(proxy):
    response = _https(proxy, "GET", "/static/baocao/baocao.css")
    assert response.status == 200
    assert response.body == (ROOT / "baocao" / "static" / "baocao" / "baocao.css").read_bytes()
    assert response.getheader("Content-Type").startswith("text/css")
    assert response.getheader("Cache-Control") == "max-age=3600, public"
    assert not [line for line in _app_lines(proxy) if line["path"].startswith("/static/")]


def test_a_page_through_the_proxy_over_https(proxy):
    response = _https(proxy, "GET", "/login/")
    assert response.status == 200  # not redirected: the application knows it was HTTPS
    assert b'name="username"' in response.body
    assert "Secure" in response.getheader("Set-Cookie")
    assert response.getheader("Strict-Transport-Security") is None  # no SECURE_HSTS_SECONDS


def test_plain_http_is_redirected_to_https(proxy):
    conn = http.client.HTTPConnection("127.0.0.1", proxy["http"], timeout=10)
    conn.request("GET", "/login/?next=/", headers={"Host": HOST})
    response = conn.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/login/?next=/"


def test_the_body_limit(proxy):
    context = ssl._create_unverified_context()  # noqa: S323
    conn = http.client.HTTPSConnection("127.0.0.1", proxy["https"], context=context, timeout=30)
    conn.putrequest("POST", "/login/", skip_host=True)
    conn.putheader("Host", HOST)
    conn.putheader("Content-Type", "application/octet-stream")
    conn.putheader("Content-Length", str(26 * 1024 * 1024))
    conn.endheaders()
    assert conn.getresponse().status == 413  # refused by nginx before the body is read
    conn.close()
    conn = http.client.HTTPSConnection("127.0.0.1", proxy["https"], context=context, timeout=30)
    conn.putrequest("POST", "/documents/verify/", skip_host=True)
    conn.putheader("Host", HOST)
    conn.putheader("Content-Type", "multipart/form-data; boundary=x")
    conn.putheader("Content-Length", str(12 * 1024 * 1024))  # the public check's own limit
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()
    below = _https(proxy, "POST", "/login/", body=b"x" * (1024 * 1024),
                   headers={"Content-Type": "application/octet-stream"})
    assert below.status == 403  # reached the application (which wants its CSRF token)
    assert [line for line in _app_lines(proxy)
            if line["method"] == "POST" and line["status"] == 403]


def test_the_forwarded_headers_reach_the_application(proxy):
    response = _https(proxy, "GET", "/login/?probe=forwarded",
                      headers={"X-Forwarded-For": "203.0.113.9"}, source="127.0.0.5")
    assert response.status == 200
    [line] = [line for line in _app_lines(proxy) if line["path"] == "/login/"
              and line["status"] == 200 and line["ip"] == "127.0.0.5"]
    # the client's own address (nginx appended it), not the one it claimed, nor nginx's
    assert line["ip"] not in ("203.0.113.9", "127.0.0.1")
