#!/usr/bin/env python3
"""Writes examples/corpus/wire-stories.jsonl, the JSON Lines part of the example corpus.

Four records, one JSON object per line, fields `text` or `html`, `title`, `authors`,
`published`, `url`, `outlet`:

1. a Continental Press Agency (CPA) wire story as republished by Northline News;
2. the same story on Eastport Daily: different headline, one sentence changed, a different
   closing line (a NEAR duplicate of record 1);
3. a Kordavia Today story given as an HTML fragment (`html` field instead of `text`);
4. the same story as record 1 on Morning Courier Online: identical `text`, different `url`,
   `outlet` and `published` (an EXACT duplicate of record 1's text).

The article texts live in examples/tools/src/*.in (an extension no dossier reader picks up).
Standard library only; the output is deterministic (sorted keys are not used on purpose: the
field order below is the order a scraper would write).

Usage: python3 examples/tools/make_jsonl.py
"""
import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "src"
TARGET = HERE.parent / "corpus" / "wire-stories.jsonl"

# The one sentence and the closing line that differ between records 1 and 2.
SENTENCE_WIRE = "Darvel, 52, is a nephew of Aldric Vaszary, who led Veloria from independence until 2028."
SENTENCE_EASTPORT = (
    'Darvel, 52, is the nephew of Aldric Vaszary, the 81-year-old "Father of the Nation" who '
    "still wields influence through a network of relatives in the security services and the "
    "energy sector."
)
ENDING_WIRE = (
    "(Reporting by Irina Matthes in Port Amsel; additional reporting by Pavel Lenz in Velsk; "
    "editing by Tom Ferris)"
)
ENDING_EASTPORT = "(Reporting by Irina Matthes; Eastport Daily staff contributed to this report)"


def replace_once(text, old, new):
    if text.count(old) != 1:
        raise SystemExit(f"expected exactly one occurrence of {old!r}")
    return text.replace(old, new)


def main():
    wire = (SRC / "wire-cpa-darvel-arrest.txt.in").read_text(encoding="utf-8").strip()
    eastport = replace_once(replace_once(wire, SENTENCE_WIRE, SENTENCE_EASTPORT), ENDING_WIRE, ENDING_EASTPORT)
    kordavia = (SRC / "kordavia-today-withdrawal.html.in").read_text(encoding="utf-8").strip()

    records = [
        {
            "title": "Veloria arrests former security chief for treason as Kordavian-led troops guard Corvinsk",
            "authors": ["Irina Matthes"],
            "published": "2031-01-08T14:20:00Z",
            "url": "https://northline.example/world/veloria-arrests-former-security-chief-treason-2031-01-08",
            "outlet": "Northline News",
            "text": wire,
        },
        {
            "title": "Velorian ex-spy chief held on treason charges",
            "authors": ["Irina Matthes"],
            "published": "2031-01-08T16:05:00Z",
            "url": "https://eastportdaily.example/news/international/velorian-ex-spy-chief-held-treason",
            "outlet": "Eastport Daily",
            "text": eastport,
        },
        {
            "title": "ESP peacekeepers begin leaving Veloria after completing their mission",
            "authors": ["Gleb Antonov"],
            "published": "2031-01-13T09:30:00+03:00",
            "url": "https://kordaviatoday.example/world/esp/20310113-peacekeepers-begin-leaving-veloria",
            "outlet": "Kordavia Today",
            "html": kordavia,
        },
        {
            "title": "Veloria arrests former security chief for treason as Kordavian-led troops guard Corvinsk",
            "authors": ["Irina Matthes"],
            "published": "2031-01-08T15:02:00Z",
            "url": "https://morningcourier.example/world/2031/01/08/veloria-security-chief-arrested",
            "outlet": "Morning Courier Online",
            "text": wire,
        },
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({len(records)} records)")


if __name__ == "__main__":
    main()
