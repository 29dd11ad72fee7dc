#!/usr/bin/env python3
"""skillgate's code check (STYLE.md point 6), run by `make lint` and by `make all`.

Rejects, in src/:
  - html()/html_buf()/html_vbuf() whose format is not a string literal or a translation
    (T(), tr());
  - html_raw_trusted() with anything but a string literal (unless the line is marked
    `lint: trusted-html`, for the Markdown renderer's output);
  - db_prepare()/db_exec() whose SQL is not a string literal: SQL is never built from strings;
  - printf-style calls whose format contains SQL (building SQL with printf);
  - SQLite or libpq calls outside src/db/;
  - page and API code writing to the response body or setting its type other than through
    html()/resp_json()/resp_text() (whose types are an enum of non-HTML types);
  - an #include that the layer table (tools/layers.txt) does not allow, naming the file, the
    include and the rule; include cycles between modules (x.c, x.h and x_internal.h are one module);
    SQL text in a layer that may not hold SQL;
  - a module's private header (x_internal.h) included by anything but the module's own .c files:
    x.c and x_*.c beside it, and the files tools/layers.txt lists with `internal x_internal.h`;
  - stmt_text() kept past its row: returned, or stored in a struct member (its text is
    SQLite's and is gone when the statement steps on; keep stmt_text_dup());
  - a .c file over 1,000 lines or a function over 150 lines (naming the file, the function and
    its length), unless tools/layers.txt lists the file as a data table (`table FILE REASON`)
    or the file or function as a known exception (`oversize FILE[:FUNCTION] REASON`).
A literal may be joined only with macros that expand to string literals
(`#define FTS_COLS "title, partner"`), not with any ALL-CAPS name.
Prints each problem as file:line: message, then "lint: N call sites checked, M problems".
Usage: tools/lint.py [--root DIR]   (DIR holds src/; default: this checkout)
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = HERE
if len(sys.argv) == 3 and sys.argv[1] == "--root":
    ROOT = os.path.abspath(sys.argv[2])
LAYERS = os.path.join(HERE, "tools", "layers.txt")
problems = []


def strip_comments(src):
    """Blanks out comments (keeping newlines, so line numbers stay right) but not string or
    character literals, which may contain // or /*."""
    tok = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?\*/|//[^\n]*', re.S)

    def blank(m):
        t = m.group(0)
        return re.sub(r"[^\n]", " ", t) if t.startswith("/") else t
    return tok.sub(blank, src)


def first_args(src, start):
    """The call's arguments from the '(' at start, as a list of source strings."""
    depth, i, args, cur, in_str = 0, start, [], [], None
    while i < len(src):
        c = src[i]
        if in_str:
            cur.append(c)
            if c == "\\":
                cur.append(src[i + 1])
                i += 1
            elif c == in_str:
                in_str = None
        elif c in "\"'":
            in_str = c
            cur.append(c)
        elif c == "(":
            depth += 1
            if depth > 1:
                cur.append(c)
        elif c == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return args
            cur.append(c)
        elif c == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    return args


STRING_MACROS = set()
TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[A-Za-z_]\w*)\s*', re.S)


def literal_parts(arg):
    """The string literals and names that make up arg, or None when it has anything else."""
    parts, pos = [], 0
    while pos < len(arg):
        m = TOKEN.match(arg, pos)
        if not m or m.end() == pos:
            return None
        parts.append(m.group(1))
        pos = m.end()
    return parts


def is_literal(arg):
    """A string literal, or literals joined with macros that expand to string literals."""
    parts = literal_parts(arg)
    return bool(parts) and all(p.startswith('"') or p in STRING_MACROS for p in parts)


def find_string_macros(sources):
    """Collects the macros whose every definition is string literals (or such macros)."""
    defs = {}
    for src in sources:
        for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+((?:[^\n\\]|\\\n|\\.)*)", src, re.M):
            defs.setdefault(m.group(1), []).append(m.group(2).replace("\\\n", " ").strip())
    changed = True
    while changed:
        changed = False
        for name, bodies in defs.items():
            if name not in STRING_MACROS and all(is_literal(b) for b in bodies):
                STRING_MACROS.add(name)
                changed = True


LITERAL_TABLES = set()


def find_literal_tables(src):
    """Names of `static const char *const name[..]... = {...}` tables whose every entry is a
    literal (a statement table: one SQL text per case, chosen by index, never built)."""
    for m in re.finditer(r"static\s+const\s+char\s*\*\s*const\s+(\w+)\s*(?:\[[^\]]*\]\s*)+=\s*\{", src):
        depth, i, entries, cur = 1, m.end(), [], []
        while i < len(src) and depth:
            c = src[i]
            if c == '"':
                j = i + 1
                while src[j] != '"':
                    j += 2 if src[j] == "\\" else 1
                cur.append(src[i:j + 1])
                i = j + 1
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            if c in "{},":
                entries.append("".join(cur))
                cur = []
            else:
                cur.append(c)
            i += 1
        entries = [re.sub(r"^\s*\[[^\]]*\]\s*=", "", e).strip() for e in entries]
        entries = [e for e in entries if e]
        if entries and all(is_literal(e) for e in entries):
            LITERAL_TABLES.add(m.group(1))


def is_sql_ok(arg):
    """A literal, or an entry of a statement table of literals."""
    m = re.fullmatch(r"(\w+)\s*(\[[^\[\]]*\]\s*)+", arg)
    return is_literal(arg) or bool(m and m.group(1) in LITERAL_TABLES)


def is_format_ok(arg):
    return is_literal(arg) or re.match(r"^(T|tr)\s*\(", arg) is not None


SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE|DROP TABLE)\b")
SQL_LITERAL = re.compile(r'"[^"\n]*\b(SELECT\b[^"\n]*\bFROM|INSERT INTO|UPDATE \w+ SET|DELETE FROM|'
                         r'CREATE (TABLE|INDEX)|DROP TABLE|BEGIN|COMMIT)\b')


def read_layers():
    """The layer table: [(layer, patterns)], {layer: allowed layers}, layers that may hold SQL,
    {private header: further files of its module}."""
    layers, allowed, sql, internal = [], {}, set(), {}
    for n, line in enumerate(open(LAYERS, encoding="utf-8"), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if words[0] == "layer" and len(words) > 2:
            layers.append((words[1], words[2:]))
        elif len(words) > 2 and words[1:3] == ["may", "include"]:
            allowed[words[0]] = set(words[3:])
        elif words[0] == "sql":
            sql.update(words[1:])
        elif words[0] == "internal" and len(words) > 2 and words[1].endswith("_internal.h"):
            internal.setdefault(words[1], set()).update(words[2:])
        elif words[0] in ("table", "oversize") and len(words) > 2:
            SIZE_EXEMPT[words[1]] = " ".join(words[2:])
        elif words[0] in ("table", "oversize"):
            sys.exit(f"tools/layers.txt:{n}: `{line.strip()}` needs a reason after the name")
        else:
            sys.exit(f"tools/layers.txt:{n}: cannot read `{line.strip()}`")
    return layers, allowed, sql, internal


MAX_FILE_LINES = 1000
MAX_FUNCTION_LINES = 150
SIZE_EXEMPT = {}  # "FILE" or "FILE:FUNCTION" (under src/) -> the reason given in tools/layers.txt
LAYER_LIST, ALLOWED, SQL_LAYERS, INTERNAL = read_layers()


def functions(src):
    """(name, first line, length in lines) of each function defined in src, a comment-free
    source: a `{` at file level right after a `)` opens one; it runs from the line with its
    name to its closing brace."""
    s = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', lambda m: '""', src)
    s = re.sub(r"^[ \t]*#(?:[^\n\\]|\\\n|\\.)*", lambda m: re.sub(r"[^\n]", " ", m.group(0)), s, flags=re.M)
    out, depth, i = [], 0, 0
    while i < len(s):
        c = s[i]
        if c == "{" and depth == 0:
            j = len(s[:i].rstrip()) - 1
            if j >= 0 and s[j] == ")":
                k, d = j, 0
                while k >= 0:
                    d += s[k] == ")"
                    d -= s[k] == "("
                    if d == 0:
                        break
                    k -= 1
                m = re.search(r"(\w+)\s*$", s[:k])
                e, d = i, 0
                while e < len(s):
                    d += s[e] == "{"
                    d -= s[e] == "}"
                    if d == 0:
                        break
                    e += 1
                if m:
                    first = s.count("\n", 0, m.start()) + 1
                    out.append((m.group(1), first, s.count("\n", 0, e) + 2 - first))
                i = e + 1
                continue
        depth += c == "{"
        depth -= c == "}"
        i += 1
    return out


def layer_of(path):
    """path relative to src/ -> its layer name (None for a file no layer names)."""
    for name, pats in LAYER_LIST:
        for pat in pats:
            if pat.endswith("/") and path.startswith(pat):
                return name
            if pat.startswith("*.") and "/" not in path and path.endswith(pat[1:]):
                return name
            if pat == path:
                return name
    return None


def module_of(path):
    """x.c, x.h and x_internal.h (what the files of one module share) are module x."""
    m = path[:-2] if path.endswith((".c", ".h")) else path
    return m[:-len("_internal")] if m.endswith("_internal") else m


def may_include_private(path, header):
    """1 when path (under src/) may include the private header (x_internal.h, under src/):
    x.c or x_*.c in the same folder, or a file listed with `internal` in tools/layers.txt."""
    mod = module_of(header)
    if path in INTERNAL.get(header, ()):
        return True
    return path.endswith(".c") and (path[:-2] == mod or path.startswith(mod + "_"))


SRC = os.path.join(ROOT, "src")
files = {}
for dirpath, _, names in os.walk(SRC):
    for name in sorted(names):
        if name.endswith((".c", ".h")):
            path = os.path.join(dirpath, name)
            files[os.path.relpath(path, SRC)] = open(path, encoding="utf-8").read()
find_string_macros(strip_comments(t) for t in files.values())

checks = 0
edges = {}  # module -> {module: (file, line, include)}
for rel_src in sorted(files):
    raw = files[rel_src]
    rel = "src/" + rel_src
    src = strip_comments(raw)
    lines = raw.split("\n")
    layer = layer_of(rel_src)
    LITERAL_TABLES.clear()
    find_literal_tables(src)

    def line_of(pos):
        return src.count("\n", 0, pos) + 1

    for m in re.finditer(r'^[ \t]*#[ \t]*include[ \t]*"([^"]+)"', src, re.M):
        inc = m.group(1)
        target = inc if inc in files or inc == "embedded.h" else \
            os.path.normpath(os.path.join(os.path.dirname(rel_src), inc))
        checks += 1
        ln = line_of(m.start())
        to = layer_of(target)
        if layer is None:
            problems.append(f"{rel}:{ln}: no layer in tools/layers.txt holds this file")
        elif to is None:
            problems.append(f"{rel}:{ln}: includes \"{inc}\", which no layer in tools/layers.txt holds")
        elif "*" not in ALLOWED.get(layer, ()) and to not in ALLOWED.get(layer, ()):
            may = " ".join(sorted(ALLOWED.get(layer, ()))) or "nothing"
            problems.append(f"{rel}:{ln}: includes \"{inc}\" ({to}), but rule `{layer} may include "
                            f"{may}` (tools/layers.txt)")
        if target.endswith("_internal.h") and target != rel_src and not may_include_private(rel_src, target):
            mod = module_of(target)
            problems.append(f"{rel}:{ln}: includes \"{inc}\", the private header of module `{mod}`: only "
                            f"{mod}.c and {mod}_*.c may include it (or a file listed with `internal "
                            f"{target}` in tools/layers.txt)")
        a, b = module_of(rel_src), module_of(target)
        if a != b and target in files:
            edges.setdefault(a, {}).setdefault(b, (rel, ln, inc))

    if not rel_src.endswith(".c"):
        continue
    nlines = raw.count("\n")
    checks += 1
    if nlines > MAX_FILE_LINES and rel_src not in SIZE_EXEMPT:
        problems.append(f"{rel}: {nlines} lines, over the {MAX_FILE_LINES:,} a .c file may have: split it "
                        f"by responsibility (or, for a data table, list it in tools/layers.txt as "
                        f"`table {rel_src} REASON`)")
    for name, first, length in functions(src):
        checks += 1
        if length > MAX_FUNCTION_LINES and f"{rel_src}:{name}" not in SIZE_EXEMPT:
            problems.append(f"{rel}:{first}: function {name}() is {length} lines, over the "
                            f"{MAX_FUNCTION_LINES} a function may have: split it into steps")
    if layer not in SQL_LAYERS:
        for m in SQL_LITERAL.finditer(src):
            checks += 1
            problems.append(f"{rel}:{line_of(m.start())}: SQL text in layer `{layer}` (rule `sql "
                            f"{' '.join(sorted(SQL_LAYERS))}`, tools/layers.txt): move it into a domain function")
    for m in re.finditer(r"\b(html|html_buf|html_vbuf|html_raw_trusted|db_prepare|db_exec)\s*\(", src):
        fn = m.group(1)
        # skip the definitions in html.c / sqlite.c
        before = src[max(0, m.start() - 40):m.start()]
        if re.search(r"(void|int|struct stmt \*)\s*$", before):
            continue
        args = first_args(src, m.end() - 1)
        if len(args) < 2:
            continue
        checks += 1
        ln = line_of(m.start())
        arg = args[1]
        if fn == "html_vbuf" and rel in ("src/util/escape.c", "src/web/html.c") and arg == "fmt":
            continue  # the writer itself, passing its caller's checked format on
        if fn in ("html", "html_buf", "html_vbuf") and not is_format_ok(arg):
            problems.append(f"{rel}:{ln}: {fn}() format must be a literal or T()/tr(), not `{arg[:40]}`")
        elif fn == "html_raw_trusted" and not is_literal(arg) and "lint: trusted-html" not in lines[ln - 1]:
            problems.append(f"{rel}:{ln}: html_raw_trusted() takes only string literals")
        elif fn in ("db_prepare", "db_exec") and not is_sql_ok(arg) and not rel.startswith("src/db/"):
            problems.append(f"{rel}:{ln}: {fn}() SQL must be a string literal (bind values, never build SQL)")
    for m in re.finditer(r"\b(s?n?printf|buf_printf|arena_printf|tr_fmt)\s*\(", src):
        args = first_args(src, m.end() - 1)
        checks += 1
        if any(SQL.search(a) for a in args if a.startswith('"')):
            problems.append(f"{rel}:{line_of(m.start())}: SQL built with a printf-style call")
    if not rel.startswith("src/db/"):
        for m in re.finditer(r"(\breturn\s+|(->|\.)\s*\w+(\s*\[[^]]*\])?\s*=\s*)stmt_text\s*\(", src):
            checks += 1
            problems.append(f"{rel}:{line_of(m.start())}: stmt_text() kept past its row (returned "
                            f"or stored in a struct): copy it with stmt_text_dup()")
        for m in re.finditer(r"\b(sqlite3_\w+|PQ\w+)\s*\(", src):
            checks += 1
            problems.append(f"{rel}:{line_of(m.start())}: {m.group(1)}() outside src/db/")
    if rel.startswith(("src/pages/", "src/api/")):
        for m in re.finditer(r"\bbuf_(puts|add|putc|printf|vprintf)\s*\(\s*&\s*w\s*->\s*body", src):
            checks += 1
            if "lint: trusted-html" in lines[line_of(m.start()) - 1]:
                continue
            problems.append(f"{rel}:{line_of(m.start())}: write pages with html(), not raw buf calls")
        # a body only through html(), resp_json(), resp_text() (plain text or CSV) and the frame;
        # the two raw bodies of the site (embedded assets, metrics) say so on their line
        for m in re.finditer(r"->\s*content_type\s*=(?!=)|&\s*w\s*->\s*body\b", src):
            checks += 1
            line = lines[line_of(m.start()) - 1]
            if re.search(r"lint: (embedded-asset|metrics)", line):
                continue
            problems.append(f"{rel}:{line_of(m.start())}: pages and the API write a body only through "
                            f"html(), resp_json() or resp_text(TEXT_PLAIN/TEXT_CSV)")


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


for comp in cycles(edges):
    inside = set(comp)
    ties = [f"{f}:{ln} includes \"{inc}\"" for a in comp for b, (f, ln, inc) in sorted(edges[a].items())
            if b in inside]
    problems.append(f"include cycle between {', '.join(comp)}: " + "; ".join(ties))

for p in problems:
    print(p)
print(f"lint: {checks} call sites checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
