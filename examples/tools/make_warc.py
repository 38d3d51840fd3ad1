#!/usr/bin/env python3
"""Writes examples/corpus/frontier-dispatch.warc.gz, the WARC part of the example corpus.

A small crawl of The Frontier Dispatch (frontierdispatch.example), WARC/1.0, one gzip member per
record, in this order:

  warcinfo
  request + response   article 1 (text/html; charset=utf-8)
  request + response   an image (image/png, 1x1 pixel): a reader must skip it
  request + response   article 2 (text/html; charset=utf-8)

Each response record's block is an HTTP/1.1 200 message (status line, headers, blank line,
payload) and its Content-Length is the exact byte length of that block. The article HTML lives in
examples/tools/src/*.html.in (an extension no dossier reader picks up, so it is not ingested
twice).

Deterministic: fixed dates, record ids derived from the URI with uuid5, gzip mtime 0. Running it
twice gives byte-identical output. Standard library only.

Usage: python3 examples/tools/make_warc.py
"""
import base64
import gzip
import hashlib
import pathlib
import struct
import uuid
import zlib

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "src"
TARGET = HERE.parent / "corpus" / "frontier-dispatch.warc.gz"
FILENAME = TARGET.name
CRAWL_DATE = "2031-01-17T08:00:00Z"
HTTP_DATE = "Fri, 17 Jan 2031 08:00:00 GMT"
IP = "192.0.2.44"  # TEST-NET-1, reserved for documentation

PAGES = [
    ("https://frontierdispatch.example/2031/01/05/veloria-emergency-corvinsk-internet/",
     "text/html; charset=utf-8", SRC / "frontier-dispatch-emergency-corvinsk.html.in"),
    ("https://cdn.frontierdispatch.example/uploads/2031/01/pixel.png", "image/png", None),
    ("https://frontierdispatch.example/2031/01/16/veloria-death-toll-225-treason-inquiry/",
     "text/html; charset=utf-8", SRC / "frontier-dispatch-toll-225.html.in"),
]


def tiny_png():
    """A valid 1x1 white PNG, built by hand so the bytes never change."""
    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\xff\xff", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def digest(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def record_id(*parts):
    return "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, "#".join(parts))


def record(headers, block):
    """One WARC record: header lines, blank line, block, two CRLFs; gzipped as its own member."""
    lines = ["WARC/1.0"] + ["%s: %s" % (k, v) for k, v in headers]
    lines.append("Content-Length: %d" % len(block))
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=9, mtime=0)


def main():
    out = []
    info = (
        "software: examples/tools/make_warc.py (dossier example corpus)\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n"
        "isPartOf: dossier-example-veloria\r\n"
        "description: Fictional articles about a fictional crisis in the Republic of Veloria.\r\n"
        "robots: classic\r\n"
    ).encode("utf-8")
    out.append(record([
        ("WARC-Type", "warcinfo"),
        ("WARC-Date", CRAWL_DATE),
        ("WARC-Filename", FILENAME),
        ("WARC-Record-ID", record_id(FILENAME, "warcinfo")),
        ("Content-Type", "application/warc-fields"),
    ], info))
    for uri, content_type, source in PAGES:
        payload = source.read_bytes() if source is not None else tiny_png()
        host = uri.split("/")[2]
        path = "/" + uri.split("/", 3)[3]
        request = (
            "GET %s HTTP/1.1\r\n"
            "Host: %s\r\n"
            "User-Agent: dossier-example-crawler/1.0 (+https://dossier.example/crawler)\r\n"
            "Accept: text/html,application/xhtml+xml,image/png;q=0.9,*/*;q=0.8\r\n"
            "Accept-Encoding: identity\r\n"
            "Connection: close\r\n\r\n" % (path, host)
        ).encode("ascii")
        response = (
            "HTTP/1.1 200 OK\r\n"
            "Date: %s\r\n"
            "Server: nginx\r\n"
            "Content-Type: %s\r\n"
            "Content-Length: %d\r\n"
            "Cache-Control: max-age=600\r\n"
            "Connection: close\r\n\r\n" % (HTTP_DATE, content_type, len(payload))
        ).encode("ascii") + payload
        request_id = record_id(uri, "request")
        out.append(record([
            ("WARC-Type", "request"),
            ("WARC-Target-URI", uri),
            ("WARC-Date", CRAWL_DATE),
            ("WARC-Record-ID", request_id),
            ("WARC-Warcinfo-ID", record_id(FILENAME, "warcinfo")),
            ("WARC-Block-Digest", digest(request)),
            ("Content-Type", "application/http; msgtype=request"),
        ], request))
        out.append(record([
            ("WARC-Type", "response"),
            ("WARC-Target-URI", uri),
            ("WARC-Date", CRAWL_DATE),
            ("WARC-Record-ID", record_id(uri, "response")),
            ("WARC-Concurrent-To", request_id),
            ("WARC-Warcinfo-ID", record_id(FILENAME, "warcinfo")),
            ("WARC-IP-Address", IP),
            ("WARC-Block-Digest", digest(response)),
            ("WARC-Payload-Digest", digest(payload)),
            ("Content-Type", "application/http; msgtype=response"),
        ], response))
    data = b"".join(out)
    TARGET.write_bytes(data)
    print("wrote %s (%d records, %d bytes)" % (TARGET, len(out), len(data)))


if __name__ == "__main__":
    main()
