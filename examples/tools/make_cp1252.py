#!/usr/bin/env python3
"""Writes the Harbour Gazette page of the example corpus in windows-1252.

The source is kept in UTF-8 (examples/tools/src/*.html.in, an extension no dossier reader picks
up) so it can be edited comfortably; the corpus file is the same text encoded as windows-1252,
so its curly quotes become the single bytes 0x93/0x94 and the file is not valid UTF-8. This is
what a reader has to decode from <meta charset="windows-1252">.

Usage: python3 examples/tools/make_cp1252.py   (from anywhere; output is deterministic)
"""
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE / "src" / "harbour-gazette-troops-land-korvinsk.html.in"
TARGET = HERE.parent / "corpus" / "harbour-gazette-troops-land-korvinsk.html"


def main():
    text = SOURCE.read_text(encoding="utf-8")
    # strict: a character windows-1252 cannot hold is an error in the source, not something to
    # replace silently.
    data = text.encode("cp1252", errors="strict")
    TARGET.write_bytes(data)
    print(f"wrote {TARGET} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
