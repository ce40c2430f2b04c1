#!/usr/bin/env python3
"""Turns raw `screen --format jsonl --all --no-db` output into a golden fixture (gzip, one JSON object a line).

Normalisation (GoldenJson.Canonical in GoldenScreenTests.cs applies the same rule to new output):
  * "origin": the shared-data root prefix becomes "$SHARED/" (the checkout's location must not matter);
  * every string longer than 32 characters, and every value of title, venue, author, affiliation, context,
    becomes "#" + the first 16 hex digits of the SHA-256 of its UTF-8 text, so that no input text (titles,
    affiliation strings, abstracts' words) is copied into the repository; equality is still checked.
Usage: make-golden.py SHARED_ROOT RAW.jsonl OUT.jsonl.gz
"""
import gzip, hashlib, json, sys

ALWAYS = {"title", "venue", "author", "affiliation", "context"}

def h(s):
    return "#" + hashlib.sha256(s.encode("utf-8")).hexdigest()[:16]

def canon(v, key, root):
    if isinstance(v, dict):
        return {k: canon(x, k, root) for k, x in v.items()}
    if isinstance(v, list):
        return [canon(x, key, root) for x in v]
    if isinstance(v, str):
        if key == "origin" and v.startswith(root):
            return "$SHARED/" + v[len(root):]
        if key in ALWAYS or len(v) > 32:
            return h(v)
    return v

root, raw, out = sys.argv[1].rstrip("/") + "/", sys.argv[2], sys.argv[3]
with open(raw, encoding="utf-8") as f, gzip.GzipFile(out, "wb", mtime=0, compresslevel=9) as g:
    for line in f:
        if line.strip():
            g.write((json.dumps(canon(json.loads(line), None, root), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))
