#!/usr/bin/env python3
"""skillgate's code check (STYLE.md point 6), run by `make lint`.

Rejects, in src/:
  - html()/html_buf() whose format is not a string literal or a translation (T(), tr());
  - html_raw_trusted() with anything but a string literal (unless the line is marked
    `lint: trusted-html`, for the Markdown renderer's output);
  - db_prepare() whose SQL is not a string literal: SQL is never built from strings;
  - printf-style calls whose format contains SQL (building SQL with printf);
  - SQLite or libpq calls outside src/db/;
  - page and API code writing to the response body other than through html()/resp_*().
Prints each problem as file:line: message, and "lint: N passed, M failed".
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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


def is_literal(arg):
    """A string literal, or literals joined with macro names (compile-time constants)."""
    return bool(re.fullmatch(r'(\s*("(?:[^"\\]|\\.)*"|[A-Z_][A-Z0-9_]*)\s*)+', arg, flags=re.S)) \
        and '"' in arg


def is_format_ok(arg):
    return is_literal(arg) or re.match(r"^(T|tr)\s*\(", arg) is not None


SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b")
checks = 0
for dirpath, _, files in os.walk(os.path.join(ROOT, "src")):
    for name in sorted(files):
        if not name.endswith(".c"):
            continue
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, ROOT)
        raw = open(path, encoding="utf-8").read()
        src = strip_comments(raw)
        lines = raw.split("\n")

        def line_of(pos):
            return src.count("\n", 0, pos) + 1

        for m in re.finditer(r"\b(html|html_buf|html_raw_trusted|db_prepare)\s*\(", src):
            fn = m.group(1)
            # skip the definitions in html.c / sqlite.c
            before = src[max(0, m.start() - 40):m.start()]
            if re.search(r"(void|struct stmt \*)\s*$", before):
                continue
            args = first_args(src, m.end() - 1)
            if len(args) < 2:
                continue
            checks += 1
            ln = line_of(m.start())
            arg = args[1]
            if fn in ("html", "html_buf") and not is_format_ok(arg):
                problems.append(f"{rel}:{ln}: {fn}() format must be a literal or T()/tr(), not `{arg[:40]}`")
            elif fn == "html_raw_trusted" and not is_literal(arg) and "lint: trusted-html" not in lines[ln - 1]:
                problems.append(f"{rel}:{ln}: html_raw_trusted() takes only string literals")
            elif fn == "db_prepare" and not is_literal(arg) and rel != "src/db/sqlite.c":
                problems.append(f"{rel}:{ln}: db_prepare() SQL must be a string literal (bind values, never build SQL)")
        for m in re.finditer(r"\b(s?n?printf|buf_printf|arena_printf|tr_fmt)\s*\(", src):
            args = first_args(src, m.end() - 1)
            checks += 1
            if any(SQL.search(a) for a in args if a.startswith('"')):
                problems.append(f"{rel}:{line_of(m.start())}: SQL built with a printf-style call")
        if not rel.startswith("src/db/"):
            for m in re.finditer(r"\b(sqlite3_\w+|PQ\w+)\s*\(", src):
                checks += 1
                problems.append(f"{rel}:{line_of(m.start())}: {m.group(1)}() outside src/db/")
        if rel.startswith(("src/pages/", "src/api/")):
            for m in re.finditer(r"\bbuf_(puts|add|putc|printf|vprintf)\s*\(\s*&\s*w\s*->\s*body", src):
                checks += 1
                if "lint: trusted-html" in lines[line_of(m.start()) - 1]:
                    continue
                problems.append(f"{rel}:{line_of(m.start())}: write pages with html(), not raw buf calls")

for p in problems:
    print(p)
ok = checks - len(problems)
os.makedirs(os.path.join(ROOT, "build/test-results"), exist_ok=True)
status = 0
print(f"lint: {checks} call sites checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
