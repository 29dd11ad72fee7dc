"""Runs Debian's wapiti (3.0.4) with one fix: its crawler builds the regular expression of
an excluded URL (-x) with the flags at the end, which Python 3.11 refuses, so any -x made it
exit before scanning. Run with Debian's /usr/bin/python3, arguments as for wapiti."""
import re
import sys

import wapitiCore.net.crawler as crawler
from wapitiCore.main.wapiti import wapiti_main


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
