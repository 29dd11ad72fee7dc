"""A real SMTP server on loopback that keeps every message it receives as a file.

skillgate delivers mail with libcurl over SMTP; the tests point SKILLGATE_SMTP_URL at this
sink and then read what a person would have received.

Each message is stored in the sink's directory as two files with the same number:
  000001.eml   the message exactly as received (the DATA bytes)
  000001.json  a summary for tests in any language: envelope sender and recipients, the
               From/To/Subject headers (decoded), every header, the text and HTML parts
               (decoded to str), the names of attachments
The .json file is written after the .eml and renamed into place, so a reader that sees it
sees a complete message.

As a library (Python 3 stdlib, plus Debian's python3-aiosmtpd):
    sink = SmtpSink(directory).start()      # free loopback port: sink.port, sink.url
    msg = wait_for_message(directory, lambda m: m["to"] == "ana@example.org", timeout=10)
    msg["subject"], msg["text"], msg["html"], msg["links"]
    sink.stop()
Standalone (until SIGTERM or SIGINT):
    python3 tests/lib/smtp_sink.py --port 2525 --dir /tmp/mail
"""

import argparse
import email
import email.policy
import json
import os
import re
import signal
import socket
import sys
import threading
import time

try:
    from aiosmtpd.controller import Controller
except ImportError:  # a python3 outside Debian's (pyenv, venv): use Debian's package
    sys.path.append("/usr/lib/python3/dist-packages")
    from aiosmtpd.controller import Controller


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_message(raw, mail_from="", rcpt_tos=()):
    """Decodes raw message bytes into the summary dict described at the top of this file."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    text_parts, html_parts, attachments = [], [], []
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        ctype = part.get_content_type()
        if filename or part.get_content_disposition() == "attachment":
            attachments.append({"filename": filename or "", "content_type": ctype})
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError) as e:  # unknown charset or broken encoding
            content = "<undecodable part: %s>" % e
        if isinstance(content, bytes):
            attachments.append({"filename": "", "content_type": ctype})
        elif ctype == "text/html":
            html_parts.append(content)
        elif ctype == "text/plain":
            text_parts.append(content)
    text = "\n".join(text_parts)
    html = "\n".join(html_parts)
    links = sorted(set(re.findall(r"https?://[^\s\"'<>]+", text + "\n" + html)))
    return {
        "mail_from": mail_from,
        "rcpt_tos": list(rcpt_tos),
        "from": str(msg.get("From", "")),
        "to": str(msg.get("To", "")),
        "subject": str(msg.get("Subject", "")),
        "headers": [[k, str(v)] for k, v in msg.items()],
        "text": text,
        "html": html,
        "links": [l.replace("&amp;", "&") for l in links],
        "attachments": attachments,
    }


class _Handler:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.seq = len([n for n in os.listdir(directory) if n.endswith(".eml")])

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        with self.lock:
            self.seq += 1
            stem = os.path.join(self.directory, "%06d" % self.seq)
        with open(stem + ".eml", "wb") as f:
            f.write(raw)
        summary = parse_message(raw, envelope.mail_from, envelope.rcpt_tos)
        summary["file"] = stem + ".eml"
        summary["received_at"] = time.time()
        with open(stem + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
        os.rename(stem + ".json.tmp", stem + ".json")
        return "250 Message accepted"


class SmtpSink:
    """An SMTP server on 127.0.0.1 storing messages in directory (created when missing)."""

    def __init__(self, directory, port=0):
        self.directory = os.path.abspath(directory)
        os.makedirs(self.directory, exist_ok=True)
        self.port = port or free_port()
        self.controller = None

    @property
    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def start(self):
        self.controller = Controller(
            _Handler(self.directory),
            hostname="127.0.0.1",
            port=self.port,
            enable_SMTPUTF8=True,
            ready_timeout=10,
        )
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages(self):
        return read_messages(self.directory)

    def wait_for(self, predicate=None, timeout=10.0):
        return wait_for_message(self.directory, predicate, timeout)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def read_messages(directory):
    """Every complete message in directory, oldest first, as summary dicts."""
    out = []
    try:
        names = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    except FileNotFoundError:
        return out
    for name in names:
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            out.append(json.load(f))
    return out


def wait_for_message(directory, predicate=None, timeout=10.0):
    """The first message for which predicate(msg) is true (any message when predicate is
    None), waiting up to timeout seconds. Raises AssertionError naming what did arrive."""
    deadline = time.monotonic() + timeout
    while True:
        msgs = read_messages(directory)
        for m in msgs:
            if predicate is None or predicate(m):
                return m
        if time.monotonic() >= deadline:
            seen = ["%s -> %s: %s" % (m["from"], m["to"], m["subject"]) for m in msgs]
            raise AssertionError(
                "no matching e-mail arrived within %.0fs; received: %s"
                % (timeout, seen or "nothing")
            )
        time.sleep(0.1)


def main():
    ap = argparse.ArgumentParser(description="SMTP sink that stores messages as files")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    ap.add_argument("--dir", required=True, help="directory for the .eml and .json files")
    args = ap.parse_args()
    sink = SmtpSink(args.dir, args.port).start()
    print("smtp sink listening on %s, storing in %s" % (sink.url, sink.directory), flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    sink.stop()


if __name__ == "__main__":
    main()
