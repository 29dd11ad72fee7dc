"""A strict parser of the Prometheus text exposition format (version 0.0.4).

parse(text) returns {family name: Family}; it raises FormatError naming the line for anything
that Prometheus would reject or that the format forbids:
  - a line that is not "# HELP name text", "# TYPE name type", another "# " comment, or a sample
    `name{label="value",...} value [timestamp]`
  - bad metric or label names, label names starting with "__", bad escapes in label values
    (only \\\\, \\" and \\n), a repeated label, a value that is not a float (NaN, +Inf, -Inf
    allowed), a timestamp that is not an integer
  - TYPE other than counter, gauge, histogram, summary, untyped; TYPE or HELP given twice for
    one name; TYPE after that metric's first sample
  - the samples of one family not on consecutive lines; the same sample (name and labels) twice
  - a histogram whose bucket lacks `le`, whose buckets are not cumulative, that lacks
    le="+Inf", or whose +Inf bucket differs from _count (checked per label set)
  - text that does not end with a newline
"""

import math
import re

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")


class FormatError(ValueError):
    pass


class Family:
    def __init__(self, name):
        self.name = name
        self.type = "untyped"
        self.typed = False
        self.help = None
        self.samples = []  # (sample name, {label: value}, float value)

    def select(self, suffix="", **labels):
        """Samples named family+suffix whose labels include the given ones."""
        out = []
        for n, l, v in self.samples:
            if n == self.name + suffix and all(l.get(k) == want for k, want in labels.items()):
                out.append((l, v))
        return out


def _float(s, lineno):
    if s in ("NaN", "+Inf", "-Inf", "Inf"):
        return {"NaN": math.nan, "+Inf": math.inf, "Inf": math.inf, "-Inf": -math.inf}[s]
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", s):
        raise FormatError("line %d: %r is not a sample value" % (lineno, s))
    return float(s)


def _labels(s, lineno):
    """Parses the inside of {...}; returns (dict, rest of line after the closing brace)."""
    labels, i = {}, 0
    while True:
        while i < len(s) and s[i] == " ":
            i += 1
        if i < len(s) and s[i] == "}":
            return labels, s[i + 1:]
        m = re.match(LABEL, s[i:])
        if not m:
            raise FormatError("line %d: bad label name at %r" % (lineno, s[i:i + 20]))
        name = m.group(0)
        if name.startswith("__"):
            raise FormatError("line %d: label name %r is reserved" % (lineno, name))
        if name in labels:
            raise FormatError("line %d: label %r repeated" % (lineno, name))
        i += len(name)
        if s[i:i + 2] != '="':
            raise FormatError("line %d: label %r must be followed by =\"" % (lineno, name))
        i += 2
        val = []
        while True:
            if i >= len(s):
                raise FormatError("line %d: unterminated value of label %r" % (lineno, name))
            c = s[i]
            if c == "\\":
                nxt = s[i + 1:i + 2]
                if nxt not in ("\\", '"', "n"):
                    raise FormatError("line %d: bad escape \\%s in label %r" % (lineno, nxt, name))
                val.append("\n" if nxt == "n" else nxt)
                i += 2
            elif c == '"':
                i += 1
                break
            else:
                val.append(c)
                i += 1
        labels[name] = "".join(val)
        if s[i:i + 1] == ",":
            i += 1
        elif s[i:i + 1] != "}":
            raise FormatError("line %d: expected , or } after label %r" % (lineno, name))


def _family_of(sample, families):
    for suffix in ("_bucket", "_sum", "_count"):
        if sample.endswith(suffix):
            base = sample[: -len(suffix)]
            f = families.get(base)
            if f and f.type in ("histogram", "summary") and (suffix != "_bucket" or f.type == "histogram"):
                return base
    return sample


def parse(text):
    if text and not text.endswith("\n"):
        raise FormatError("the exposition must end with a newline")
    families = {}
    order = []        # family names in the order their samples appear
    seen = set()
    for lineno, line in enumerate(text.split("\n")[:-1] if text else [], 1):
        if line.strip() == "":
            continue
        if line.startswith("#"):
            parts = line.split(None, 3)
            if len(parts) >= 2 and parts[1] in ("HELP", "TYPE"):
                if len(parts) < 3 or not re.fullmatch(NAME, parts[2]):
                    raise FormatError("line %d: %s without a valid metric name" % (lineno, parts[1]))
                f = families.setdefault(parts[2], Family(parts[2]))
                if parts[1] == "HELP":
                    if f.help is not None:
                        raise FormatError("line %d: second HELP for %s" % (lineno, f.name))
                    doc = parts[3] if len(parts) > 3 else ""
                    if re.search(r"\\[^\\n]", doc.replace("\\\\", "")):
                        raise FormatError("line %d: bad escape in HELP of %s" % (lineno, f.name))
                    f.help = doc.replace("\\n", "\n").replace("\\\\", "\\")
                else:
                    if f.typed:
                        raise FormatError("line %d: second TYPE for %s" % (lineno, f.name))
                    if f.samples:
                        raise FormatError("line %d: TYPE for %s after its samples" % (lineno, f.name))
                    t = parts[3].strip() if len(parts) > 3 else ""
                    if t not in TYPES:
                        raise FormatError("line %d: unknown TYPE %r for %s" % (lineno, t, f.name))
                    f.type, f.typed = t, True
            continue
        m = re.match(NAME, line)
        if not m:
            raise FormatError("line %d: not a sample: %r" % (lineno, line))
        sname, rest = m.group(0), line[m.end():]
        labels = {}
        if rest.startswith("{"):
            labels, rest = _labels(rest[1:], lineno)
        fields = rest.split()
        if not rest.startswith(" ") or len(fields) not in (1, 2):
            raise FormatError("line %d: expected `name{labels} value [timestamp]`: %r" % (lineno, line))
        value = _float(fields[0], lineno)
        if len(fields) == 2 and not re.fullmatch(r"-?\d+", fields[1]):
            raise FormatError("line %d: timestamp %r is not an integer" % (lineno, fields[1]))
        fname = _family_of(sname, families)
        f = families.setdefault(fname, Family(fname))
        if order and order[-1] != fname and fname in order:
            raise FormatError("line %d: samples of %s are not on consecutive lines" % (lineno, fname))
        if not order or order[-1] != fname:
            order.append(fname)
        key = (sname, tuple(sorted(labels.items())))
        if key in seen:
            raise FormatError("line %d: sample %s%s given twice" % (lineno, sname, labels))
        seen.add(key)
        if f.type == "histogram" and sname == fname:
            raise FormatError("line %d: histogram %s has a sample without _bucket/_sum/_count" % (lineno, fname))
        if f.type == "counter" and not math.isnan(value) and value < 0:
            raise FormatError("line %d: counter %s is negative" % (lineno, sname))
        f.samples.append((sname, labels, value))
    for f in families.values():
        if f.type == "histogram":
            _check_histogram(f)
    return families


def _check_histogram(f):
    series = {}
    for n, l, v in f.samples:
        rest = tuple(sorted((k, x) for k, x in l.items() if k != "le"))
        s = series.setdefault(rest, {"buckets": [], "sum": None, "count": None})
        if n == f.name + "_bucket":
            if "le" not in l:
                raise FormatError("histogram %s: bucket without le %s" % (f.name, l))
            s["buckets"].append((_float(l["le"], 0), v))
        elif n == f.name + "_sum":
            s["sum"] = v
        elif n == f.name + "_count":
            s["count"] = v
    for rest, s in series.items():
        where = "%s{%s}" % (f.name, ",".join("%s=%r" % kv for kv in rest))
        if not s["buckets"]:
            raise FormatError("histogram %s has no buckets" % where)
        les = [le for le, _ in s["buckets"]]
        if les != sorted(les):
            raise FormatError("histogram %s: buckets not in increasing le order" % where)
        counts = [c for _, c in s["buckets"]]
        if any(b < a for a, b in zip(counts, counts[1:])):
            raise FormatError("histogram %s: bucket counts are not cumulative: %s" % (where, counts))
        if les[-1] != math.inf:
            raise FormatError("histogram %s has no le=\"+Inf\" bucket" % where)
        if s["count"] is None or s["sum"] is None:
            raise FormatError("histogram %s lacks _sum or _count" % where)
        if s["count"] != counts[-1]:
            raise FormatError("histogram %s: _count %g differs from the +Inf bucket %g"
                              % (where, s["count"], counts[-1]))
