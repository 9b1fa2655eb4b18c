"""`smaa host nginx --tls-cert … --tls-key …` in a real nginx: the reports are served over HTTPS only (with HSTS
and the login), and plain HTTP answers nothing but a redirect to HTTPS, before any password is asked."""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from _nginx import basic, running_nginx
from smaa_build.site.hosting import HostingError, add_user, nginx_config

PASSWORD = "a tls test passphrase"


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx-tls")
    root, auth = work / "www", work / "auth"
    (root / "acme").mkdir(parents=True)
    (root / "acme" / "index.html").write_text("<p>the acme report</p>", encoding="utf-8")
    add_user(auth, "acme", "board", PASSWORD)
    cert, key = self_signed(work)
    with running_nginx(work / "nginx", root, auth, tls=(cert, key)) as server:
        yield server, ssl.create_default_context(cafile=str(cert))


def https_get(server, context, path: str, authorization: str | None = None):
    conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=context, timeout=30)
    conn.request("GET", path, headers={"Authorization": authorization} if authorization else {})
    resp = conn.getresponse()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()


def test_https_serves_the_report_only_after_login_and_sends_hsts(tls_site):
    server, context = tls_site
    status, headers, body = https_get(server, context, "/acme/index.html")
    assert status == 401 and b"acme report" not in body
    assert headers["strict-transport-security"] == "max-age=31536000"
    status, headers, body = https_get(server, context, "/acme/index.html", basic("board", PASSWORD))
    assert status == 200 and body == b"<p>the acme report</p>"
    assert headers["strict-transport-security"] == "max-age=31536000"
    assert "noindex" in headers["x-robots-tag"]


def test_plain_http_only_redirects_to_https_and_never_asks_for_the_password(tls_site):
    server, _ = tls_site
    conn = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=30)
    conn.request("GET", "/acme/index.html?x=1", headers={"Authorization": basic("board", PASSWORD)})
    resp = conn.getresponse()
    body = resp.read()
    assert resp.status == 301 and resp.getheader("Location") == "https://127.0.0.1/acme/index.html?x=1"
    assert resp.getheader("WWW-Authenticate") is None and b"acme report" not in body


def test_tls_needs_both_files(tmp_path):
    with pytest.raises(HostingError, match="needs both the certificate"):
        nginx_config(tmp_path / "www", tmp_path / "auth", tls_cert=tmp_path / "cert.pem")
