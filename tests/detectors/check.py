#!/usr/bin/env python3
"""Checks the detector fixtures in this directory (Python 3 standard library only).

For every NAME.html there must be a NAME.json sidecar (and the reverse), and:
  * the sidecar has the required keys and sane values (wall.kind is null exactly when no wall),
  * every `kept`, `absent`, `once` and non-empty `found[].text` string occurs in the page's
    text (so a typo cannot make an expectation vacuous); `found[].text` must occur within the
    first 80 characters of some element's text (removed[].text samples the START of a block),
  * no `absent` string lies inside a `kept` string, and every `once` string is also `kept`,
  * the HTML is well formed (open and close tags balance), 1-4 KB, with at least 600
    characters of paragraph prose inside <article>,
  * nothing outside <a href> (and canonical links, which are never fetched) points at an
    http(s) host, except ad-network <iframe>/<script> src attributes.

Prints the counts per kind and exits non-zero on any problem.
Usage: python3 tests/detectors/check.py [DIR]
"""
import html.parser
import json
import os
import re
import sys
from collections import Counter

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
SKIP_TEXT = {"script", "style", "head", "title", "template", "noscript"}
WALL_KINDS = {"truncation", "overlay", "fade", "meter", "markup"}
REMOVAL_KINDS = {"ad", "wall", "duplicateCaption", "promo"}
AD_HOSTS = ("doubleclick.net", "googlesyndication.com", "amazon-adsystem.com", "criteo.",
            "outbrain.com", "taboola.com", "adnxs.com", "googletagservices.com")


def fold(s):
    return re.sub(r"\s+", " ", s).strip()


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []  # Node or str


class Tree(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.errors = []
        self.urls = []  # (tag, attr, value, attrs)

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("src", "href") and v and re.match(r"(?i)https?://", v):
                self.urls.append((tag, k, v, dict(attrs)))
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.cur = self.cur.parent

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.cur.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.cur.tag}> (line {self.getpos()[0]})")
            # recover: pop up to the matching tag if it is open
            n = self.cur
            while n is not None and n.tag != tag:
                n = n.parent
            if n is None:
                return
            self.cur = n
        self.cur = self.cur.parent or self.root

    def handle_data(self, data):
        self.cur.children.append(data)


def text_of(node, skip=True):
    if skip and node.tag in SKIP_TEXT:
        return ""
    parts = []
    for c in node.children:
        if isinstance(c, str):
            parts.append(c)
        else:
            parts.append(" " + text_of(c, skip) + " ")
    return "".join(parts)


def walk(node):
    yield node
    for c in node.children:
        if isinstance(c, Node):
            yield from walk(c)


def check_pair(base, page_path, side_path, problems, stats):
    name = os.path.basename(base)
    err = lambda msg: problems.append(f"{name}: {msg}")
    raw = open(page_path, "rb").read()
    size = len(raw)
    if not 1024 <= size <= 4096:
        err(f"page is {size} bytes, not 1-4 KB")
    tree = Tree()
    tree.feed(raw.decode("utf-8"))
    tree.close()
    for e in tree.errors:
        err("HTML: " + e)
    if tree.cur is not tree.root:
        err(f"HTML: <{tree.cur.tag}> left open")
    if not raw.lstrip().lower().startswith(b"<!doctype html>"):
        err("HTML: no <!DOCTYPE html>")
    nodes = list(walk(tree.root))
    if not any(n.tag == "title" and fold(text_of(n, False)) for n in nodes):
        err("HTML: no <title>")
    if not any(n.tag in ("header", "nav") or "masthead" in n.attrs.get("class", "") for n in nodes):
        err("HTML: no site header/nav")
    articles = [n for n in nodes if n.tag == "article"]
    if not articles:
        err("HTML: no <article>")
    prose = sum(len(fold(text_of(p))) for a in articles for p in walk(a)
                if p.tag == "p" and "byline" not in p.attrs.get("class", ""))
    if prose < 600:
        err(f"only {prose} characters of article prose (< 600)")
    for tag, attr, val, attrs in tree.urls:
        if tag == "a" and attr == "href":
            continue
        if tag == "link" and attrs.get("rel") == "canonical":
            continue
        if tag in ("iframe", "script") and attr == "src" and any(h in val for h in AD_HOSTS):
            continue
        err(f"external resource <{tag} {attr}={val}>")

    text = fold(text_of(tree.root))
    starts = [fold(text_of(n))[:80] for n in nodes if n.tag not in SKIP_TEXT]

    try:
        side = json.load(open(side_path, encoding="utf-8"))
    except ValueError as e:
        err(f"sidecar is not JSON: {e}")
        return
    for key, typ in (("pattern", str), ("url", str), ("wall", dict), ("found", list),
                     ("kept", list), ("absent", list)):
        if not isinstance(side.get(key), typ):
            err(f"sidecar: '{key}' missing or not a {typ.__name__}")
            return
    unknown = set(side) - {"pattern", "url", "wall", "found", "kept", "absent", "once"}
    if unknown:
        err(f"sidecar: unknown keys {sorted(unknown)}")
    if not re.match(r"https?://", side["url"]):
        err("sidecar: url is not http(s)")
    wall = side["wall"]
    if set(wall) != {"detected", "kind", "cutOff"}:
        err(f"sidecar: wall keys are {sorted(wall)}, want detected/kind/cutOff")
    elif wall["detected"]:
        if wall["kind"] not in WALL_KINDS:
            err(f"sidecar: wall.kind {wall['kind']!r} not one of {sorted(WALL_KINDS)}")
    elif wall["kind"] is not None or wall["cutOff"]:
        err("sidecar: no wall, but kind is set or cutOff is true")
    # A publisher's paid-part marking whose parts the page shows labels the wall and removes
    # nothing (the article is all there); every other wall declares what it takes.
    labels_only = wall.get("kind") == "markup" and not wall.get("cutOff")
    if wall.get("detected") and not labels_only and not any(f.get("kind") == "wall" for f in side["found"]):
        err("sidecar: a wall is declared but no wall removal is in 'found'")
    if not side["kept"]:
        err("sidecar: 'kept' is empty")

    def occurs(s, where):
        if not isinstance(s, str) or not s.strip():
            err(f"sidecar: empty or non-string {where} entry {s!r}")
        elif fold(s) not in text:
            err(f"{where} string not in the page text: {s!r}")

    for s in side["kept"]:
        occurs(s, "kept")
    for s in side["absent"]:
        occurs(s, "absent")
        for k in side["kept"]:
            if isinstance(s, str) and fold(s) in fold(k):
                err(f"absent {s!r} lies inside kept {k[:40]!r}…: unsatisfiable")
    for s in side.get("once", []):
        occurs(s, "once")
        if s not in side["kept"]:
            err(f"once string is not also in kept: {s!r}")
    for f in side["found"]:
        if not isinstance(f, dict) or f.get("kind") not in REMOVAL_KINDS or not isinstance(f.get("text"), str):
            err(f"sidecar: bad found entry {f!r}")
            continue
        t = fold(f["text"])
        if t and not any(t in s for s in starts):
            err(f"found text is not within the first 80 characters of any element: {t!r}")
        if t and f["kind"] != "duplicateCaption":  # a duplicate is by nature a copy of a kept caption
            for k in side["kept"]:
                if t in fold(k):
                    err(f"found text {t!r} lies inside kept {k[:40]!r}…")

    # statistics
    stats["pages"] += 1
    kinds = Counter(f["kind"] for f in side["found"])
    if name.startswith("neg-"):
        stats["negatives"] += 1
    if wall.get("detected"):
        stats["walls"] += 1
        stats[f"wall:{wall['kind']}"] += 1
    for k in ("ad", "promo", "duplicateCaption"):
        if kinds[k] and not name.startswith("neg-"):
            stats[{"ad": "ads", "promo": "promo", "duplicateCaption": "captions"}[k]] += 1
    for k, n in kinds.items():
        stats[f"found:{k}"] += n


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(os.listdir(root))
    pages = {f[:-5] for f in files if f.endswith(".html")}
    sides = {f[:-5] for f in files if f.endswith(".json")}
    problems = []
    for n in sorted(pages - sides):
        problems.append(f"{n}.html has no {n}.json")
    for n in sorted(sides - pages):
        problems.append(f"{n}.json has no {n}.html")
    stats = Counter()
    for n in sorted(pages & sides):
        base = os.path.join(root, n)
        check_pair(base, base + ".html", base + ".json", problems, stats)

    print(f"fixtures: {stats['pages']}")
    print(f"walls: {stats['walls']}  (" + ", ".join(
        f"{k}: {stats['wall:' + k]}" for k in ("truncation", "overlay", "fade", "meter", "markup")) + ")")
    print(f"ads: {stats['ads']}  promo: {stats['promo']}  captions: {stats['captions']}  negatives: {stats['negatives']}")
    print("expected removals: " + ", ".join(
        f"{k}: {stats['found:' + k]}" for k in ("wall", "ad", "promo", "duplicateCaption")))
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
