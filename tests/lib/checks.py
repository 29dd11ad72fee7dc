"""Checks that HTTP tests share: what every response must carry, and ways to look at a page
the way a person does (its main text), independent of per-visitor tokens."""

import html as htmllib
import re

REFERRER_POLICIES = {
    "no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
    "same-origin", "strict-origin", "strict-origin-when-cross-origin",
}


def csp_directives(value):
    """{directive: [source, ...]} of a Content-Security-Policy value."""
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), words[1:])
    return out


def security_header_problems(r):
    """What is wrong with the security headers of response r (empty list: nothing)."""
    where = "%s %s -> %d" % (r.method, r.path, r.status)
    problems = []
    csps = r.headers.get_all("Content-Security-Policy") or []
    if len(csps) != 1:
        problems.append("%s: %d Content-Security-Policy headers, want 1" % (where, len(csps)))
    else:
        d = csp_directives(csps[0])
        if d.get("frame-ancestors") != ["'none'"]:
            problems.append("%s: CSP frame-ancestors is %r, want 'none' (CSP: %s)"
                            % (where, d.get("frame-ancestors"), csps[0]))
        if "'unsafe-inline'" in csps[0].lower():
            problems.append("%s: CSP allows 'unsafe-inline': %s" % (where, csps[0]))
    xcto = r.headers.get("X-Content-Type-Options")
    if (xcto or "").strip().lower() != "nosniff":
        problems.append("%s: X-Content-Type-Options is %r, want nosniff" % (where, xcto))
    rp = r.headers.get("Referrer-Policy")
    tokens = [t.strip().lower() for t in (rp or "").split(",") if t.strip()]
    if not tokens or any(t not in REFERRER_POLICIES for t in tokens):
        problems.append("%s: Referrer-Policy is %r, want a valid policy other than unsafe-url"
                        % (where, rp))
    pp = r.headers.get("Permissions-Policy")
    if not pp or not re.fullmatch(r"\s*[a-z-]+=\([^)]*\)(\s*,\s*[a-z-]+=\([^)]*\))*\s*", pp):
        problems.append("%s: Permissions-Policy is %r, want e.g. camera=(), geolocation=()" % (where, pp))
    return problems


def normalize_html(text):
    """The page with per-visitor CSRF tokens blanked, so two fetches can be compared."""
    def blank(m):
        tag = m.group(0)
        if re.search(r"\bname=[\"']?csrf\b", tag, re.I):
            return re.sub(r"\bvalue=(\"[^\"]*\"|'[^']*'|[^\s>]+)", 'value=""', tag)
        return tag
    text = re.sub(r"<input\b[^>]*>", blank, text, flags=re.I)
    return re.sub(r"(<meta\b[^>]*name=[\"']?csrf[^>]*content=)(\"[^\"]*\"|'[^']*')", r'\1""', text, flags=re.I)


def main_text(text):
    """The visible text inside <main>, whitespace collapsed ('' when there is no <main>)."""
    m = re.search(r"<main\b[^>]*>(.*?)</main>", text, re.I | re.S)
    if not m:
        return ""
    inner = re.sub(r"<(script|style)\b.*?</\1>", " ", m.group(1), flags=re.I | re.S)
    inner = re.sub(r"<[^>]+>", " ", inner)
    return " ".join(htmllib.unescape(inner).split())


def title(text):
    m = re.search(r"<title>(.*?)</title>", text, re.I | re.S)
    return " ".join(htmllib.unescape(m.group(1)).split()) if m else None


def methods(allow):
    """{"GET", "HEAD", ...} from an Allow header value."""
    return {m.strip().upper() for m in (allow or "").split(",") if m.strip()}
