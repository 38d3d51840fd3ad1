#!/usr/bin/env python3
"""Checks the example corpus against itself and against examples/README.md.

- every .jsonl line parses and has the expected fields;
- the WARC has one gzip member per record, exact WARC and HTTP Content-Length values and
  matching block/payload digests;
- every HTML page (and HTML fragment in the JSONL) has balanced tags;
- the Harbour Gazette page really is windows-1252 (not valid UTF-8, 0x93/0x94 quotes);
- the undated document has no year and no publication date;
- the exact and near duplicate pairs are what the README says;
- every row of the README's "Planted facts" table quotes a sentence that occurs verbatim
  (whitespace collapsed) in the document it names.

Standard library only. Exit status 1 on any failure.
Usage: python3 examples/tools/check_corpus.py
"""
import base64
import hashlib
import html
import html.parser
import json
import pathlib
import re
import sys
import zlib
from datetime import datetime

HERE = pathlib.Path(__file__).resolve().parent
EXAMPLES = HERE.parent
CORPUS = EXAMPLES / "corpus"
README = EXAMPLES / "README.md"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL", msg)


class Balance(html.parser.HTMLParser):
    """Records tags that are closed out of order or never closed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.text, self.skip = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag in ("script", "style", "head"):
            self.skip += 1

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> but open: %s" % (tag, self.stack[-3:]))
            return
        self.stack.pop()
        if tag in ("script", "style", "head"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def html_text(markup, name):
    p = Balance()
    p.feed(markup)
    p.close()
    for e in p.errors:
        fail("%s: %s" % (name, e))
    if p.stack:
        fail("%s: unclosed %s" % (name, p.stack))
    return " ".join(p.text)


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


def read_warc(path):
    """Yields (headers, block) per record, checking members, lengths and digests."""
    data = path.read_bytes()
    pos = 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        raw = d.decompress(data[pos:])
        if not d.eof:
            fail("%s: truncated gzip member at %d" % (path.name, pos))
            return
        pos = len(data) - len(d.unused_data)
        head, sep, rest = raw.partition(b"\r\n\r\n")
        lines = head.decode("utf-8").split("\r\n")
        if lines[0] != "WARC/1.0":
            fail("%s: bad version line %r" % (path.name, lines[0]))
        headers = dict(line.split(": ", 1) for line in lines[1:])
        length = int(headers["Content-Length"])
        block = rest[:length]
        if len(rest) != length + 4 or rest[length:] != b"\r\n\r\n":
            fail("%s: Content-Length %d does not match block of %d bytes (+4 expected)"
                 % (path.name, length, len(rest)))
        if "WARC-Block-Digest" in headers:
            got = "sha1:" + base64.b32encode(hashlib.sha1(block).digest()).decode()
            if got != headers["WARC-Block-Digest"]:
                fail("%s: block digest mismatch" % path.name)
        yield headers, block


def documents():
    """(reference, text) for every document of the corpus, as the README names them."""
    docs = {}
    for path in sorted(CORPUS.iterdir()):
        name = path.name
        if name.endswith((".txt", ".md")):
            docs[name] = path.read_text(encoding="utf-8")
        elif name.endswith(".html"):
            raw = path.read_bytes()
            m = re.search(rb'<meta charset="([^"]+)"', raw)
            charset = m.group(1).decode() if m else "utf-8"
            docs[name] = html_text(raw.decode(charset), name)
        elif name.endswith(".jsonl"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                rec = json.loads(line)
                for field in ("title", "authors", "published", "url", "outlet"):
                    if field not in rec:
                        fail("%s#%d: missing %s" % (name, n, field))
                if not isinstance(rec.get("authors"), list):
                    fail("%s#%d: authors is not a list" % (name, n))
                datetime.fromisoformat(rec["published"].replace("Z", "+00:00"))
                if ("text" in rec) == ("html" in rec):
                    fail("%s#%d: needs exactly one of text/html" % (name, n))
                body = rec["text"] if "text" in rec else html_text(rec["html"], "%s#%d" % (name, n))
                docs["%s#%d" % (name, n)] = body
        elif name.endswith(".warc.gz"):
            n = 0
            types = []
            for headers, block in read_warc(path):
                types.append(headers["WARC-Type"])
                if headers["WARC-Type"] != "response":
                    continue
                http_head, _, payload = block.partition(b"\r\n\r\n")
                hlines = http_head.decode("ascii").split("\r\n")
                hh = dict(l.split(": ", 1) for l in hlines[1:])
                if int(hh["Content-Length"]) != len(payload):
                    fail("%s: HTTP Content-Length mismatch" % name)
                got = "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode()
                if got != headers["WARC-Payload-Digest"]:
                    fail("%s: payload digest mismatch" % name)
                if hh["Content-Type"].startswith("text/html"):
                    n += 1
                    docs["%s#%d" % (name, n)] = html_text(payload.decode("utf-8"), "%s#%d" % (name, n))
            print("%s: records %s" % (name, types))
        else:
            fail("unexpected file in corpus: %s" % name)
    return docs


def planted_facts():
    """Rows `| fact | claim | `document` | sentence |` of the README's planted facts tables."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`[^`]+`", cells[2]):
            rows.append((cells[0], cells[1], cells[2].strip("`"), cells[3]))
    return rows


def main():
    docs = documents()
    for ref, text in docs.items():
        words = len(text.split())
        print("%-55s %5d words (with boilerplate)" % (ref, words))

    cp = (CORPUS / "harbour-gazette-troops-land-korvinsk.html").read_bytes()
    try:
        cp.decode("utf-8")
        fail("harbour gazette page is valid UTF-8; it should be windows-1252")
    except UnicodeDecodeError:
        pass
    if b"\x93" not in cp or b"\x94" not in cp or b'<meta charset="windows-1252">' not in cp:
        fail("harbour gazette page lacks 0x93/0x94 quotes or its charset declaration")

    undated = docs["lantern-what-dranmoor-wanted.txt"]
    if re.search(r"\b(1[89]|20)\d\d\b", undated):
        fail("undated document mentions a year")
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    if re.search(r"\b(%s)\b" % months, undated):
        fail("undated document mentions a month")

    wire, eastport, courier = (docs["wire-stories.jsonl#%d" % i] for i in (1, 2, 4))
    if wire != courier:
        fail("wire-stories.jsonl#1 and #4 should have identical text")
    a, b = wire.splitlines(), eastport.splitlines()
    changed = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(a) != len(b) or len(changed) != 2 or changed[-1] != len(a) - 1:
        fail("wire-stories.jsonl#2 should differ from #1 in one sentence and the last line")

    # The spelling variants as the README lists them: (document, word) -> occurrences in the
    # visible text; variants must not occur in any other document.
    spelling = {
        ("wire-stories.jsonl#3", "Reker"): 3, ("wire-stories.jsonl#3", "Rekker"): 0,
        ("frontier-dispatch.warc.gz#2", "Vasari"): 3, ("frontier-dispatch.warc.gz#2", "Vaszary"): 0,
        ("wire-stories.jsonl#3", "Vasari"): 1, ("wire-stories.jsonl#3", "Vaszary"): 0,
        ("harbour-gazette-troops-land-korvinsk.html", "Korvinsk"): 5,
        ("harbour-gazette-troops-land-korvinsk.html", "Corvinsk"): 0,
        ("wire-stories.jsonl#3", "Korvinsk"): 6, ("wire-stories.jsonl#3", "Corvinsk"): 0,
        ("frontier-dispatch.warc.gz#2", "ESP"): 5,
        ("frontier-dispatch.warc.gz#2", "Eastern Security Pact"): 0,
    }
    for ref in ("lantern-what-dranmoor-wanted.txt", "continental-interest-veloria-policy-reset.md",
                "policy-ledger-rekkers-second-transition.md", "harbour-gazette-troops-land-korvinsk.html"):
        spelling[(ref, "ESP")] = 0
    for ref in docs:
        for variant in ("Reker", "Vasari", "Korvinsk"):
            spelling.setdefault((ref, variant), 0)
    for (ref, word), want in sorted(spelling.items()):
        got = len(re.findall(r"\b%s\b" % re.escape(word), docs[ref]))
        if got != want:
            fail("%s: %r occurs %d times, README says %d" % (ref, word, got, want))

    rows = planted_facts()
    flat = {ref: collapse(text) for ref, text in docs.items()}
    for fact, claim, ref, sentence in rows:
        if ref not in flat:
            fail("README names unknown document %s" % ref)
        elif collapse(sentence) not in flat[ref]:
            fail("README sentence not found in %s: %s" % (ref, sentence[:70]))
    print("%d documents, %d planted-fact rows checked" % (len(docs), len(rows)))
    if FAILURES:
        print("%d failure(s)" % len(FAILURES))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
