"""Outbound URLs: allowlist only, no private/link-local/multicast addresses unless explicitly permitted,
plain http only to loopback when allowed, never a redirect. Only loopback is ever contacted here."""

from __future__ import annotations

import http.server
import threading

import pytest

from mixmig.apps.exchange import transport
from mixmig.apps.exchange.transport import UnsafeURL, check_url


def _fake(*addresses):
    return lambda host, port: list(addresses)


@pytest.fixture
def allow(settings):
    settings.EXCHANGE_ALLOW_INSECURE_LOOPBACK = False

    def _allow(*entries):
        settings.EXCHANGE_ALLOWED_HOSTS = list(entries)

    return _allow


def test_public_allowlisted_host_passes(allow):
    allow("partner.example.org")
    target = check_url("https://partner.example.org/api", resolve=_fake("8.8.8.7"))
    assert target.addresses == ("8.8.8.7",) and target.port == 443


def test_host_not_on_allowlist_refused(allow):
    allow("partner.example.org")
    with pytest.raises(UnsafeURL, match="not on the exchange allowlist"):
        check_url("https://evil.example.org/", resolve=_fake("8.8.8.8"))


@pytest.mark.parametrize(
    "url",
    [
        "https://10.1.2.3/",
        "https://192.168.1.10/",
        "https://172.16.0.1/",
        "https://[::1]/",
        "https://127.0.0.1/",
    ],
)
def test_private_and_loopback_literals_refused_without_private_entry(allow, url):
    host = url.split("//")[1].split("/")[0].strip("[]")
    allow(host)
    with pytest.raises(UnsafeURL, match="private, loopback or reserved"):
        check_url(url)


def test_name_resolving_to_private_address_refused(allow):
    allow("partner.example.org")
    with pytest.raises(UnsafeURL, match="10.0.0.5"):
        check_url("https://partner.example.org/", resolve=_fake("8.8.8.8", "10.0.0.5"))


@pytest.mark.parametrize("address", ["169.254.169.254", "fe80::1", "224.0.0.1", "0.0.0.0"])
def test_link_local_multicast_unspecified_refused_even_when_private_permitted(allow, address):
    allow("private:partner.internal")
    with pytest.raises(UnsafeURL, match="link-local, multicast or unspecified"):
        check_url("https://partner.internal/", resolve=_fake(address))


def test_private_entry_permits_that_host_only(allow):
    allow("private:127.0.0.1", "10.0.0.9")
    assert check_url("https://127.0.0.1:8443/").addresses == ("127.0.0.1",)
    with pytest.raises(UnsafeURL):
        check_url("https://10.0.0.9/")


def test_plain_http_only_to_loopback_when_allowed(allow, settings):
    allow("private:127.0.0.1", "partner.example.org")
    with pytest.raises(UnsafeURL, match="plain http"):
        check_url("http://127.0.0.1:8000/")
    settings.EXCHANGE_ALLOW_INSECURE_LOOPBACK = True
    assert check_url("http://127.0.0.1:8000/x").path == "/x"
    with pytest.raises(UnsafeURL, match="plain http"):
        check_url("http://partner.example.org/", resolve=_fake("8.8.8.8"))


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/", "file:///etc/passwd", "https://user:pw@127.0.0.1/"])
def test_other_schemes_and_credentials_refused(allow, url):
    allow("private:127.0.0.1")
    with pytest.raises(UnsafeURL):
        check_url(url)


class _Redirect(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        self.send_response(302)
        self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_redirect_refused(allow, settings):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        allow("private:127.0.0.1")
        settings.EXCHANGE_ALLOW_INSECURE_LOOPBACK = True
        with pytest.raises(UnsafeURL, match="redirect"):
            transport.post_json(f"http://127.0.0.1:{server.server_address[1]}/api/v1/exchange/inbox", b"{}")
    finally:
        server.shutdown()
        server.server_close()


def _self_signed(tmp_path):
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "k.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return tmp_path / "c.pem", tmp_path / "k.pem"


def test_https_certificate_is_verified(allow, tmp_path):
    import ssl

    cert, key = _self_signed(tmp_path)
    server = http.server.HTTPServer(("127.0.0.1", 0), _Redirect)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        allow("private:127.0.0.1")
        with pytest.raises(ConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            transport.post_json(f"https://127.0.0.1:{server.server_address[1]}/api/v1/exchange/inbox", b"{}")
    finally:
        server.shutdown()
        server.server_close()
