"""Abuse from outside, on loopback: malformed form bodies, slow clients, header floods and
1,000 concurrent connections. The server keeps answering /healthz quickly, answers every
honest request that was made alongside, and loses nothing. Every loop is bounded in count and
time."""

import socket
import threading
import time

SERVER = {"seed": True, "smtp": True}


def raw(srv, data, timeout=10):
    """Sends bytes on a fresh connection and reads until the server closes; the answer."""
    s = socket.create_connection((srv.host, srv.port), timeout=timeout)
    try:
        s.sendall(data)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def healthy(srv, within=2.0):
    t0 = time.monotonic()
    r = srv.get("/healthz")
    took = time.monotonic() - t0
    assert r.status == 200 and r.text.strip() == "ok", "/healthz answered %d %r" % (r.status, r.text[:80])
    assert took < within, "/healthz took %.2fs (more than %.1fs)" % (took, within)


def test_multipart_part_without_a_name_is_ignored_not_fatal(srv):
    """A multipart part whose Content-Disposition has no name= used to reach the form
    collector as a NULL field name and take the whole server down, without signing in."""
    b = "----skillgateFormBoundaryQ2"
    body = ("--%s\r\nContent-Disposition: form-data\r\n\r\nhello\r\n"
            "--%s\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nes\r\n--%s--\r\n" % (b, b, b))
    for path in ("/signup", "/lang", "/admin/login"):
        r = srv.request("POST", path, body, {"Content-Type": "multipart/form-data; boundary=" + b,
                                             "Origin": srv.base_url})
        assert r.status in (400, 403, 422), "POST %s with a nameless part: %d" % (path, r.status)
        assert srv.alive(), "the server died on a multipart part without a name"
    healthy(srv)
