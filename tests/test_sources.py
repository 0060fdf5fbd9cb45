"""Reading files, folders, globs, feeds and uploads: every bad input is a named Failure."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from displacement.model import Document
from displacement.sources import (
    DEFAULT_MAX_BYTES,
    Failure,
    SourceError,
    decode_bytes,
    detect_encoding,
    document_from_row,
    read_bytes,
    read_path,
    read_paths,
    text_title,
    text_url,
)

LATIN1_ARTICLES = [
    "Más de 3.000 personas fueron desplazadas en Táchira, según la ONU. Los niños huyeron con sus familias hacia Cúcuta.",
    "Plus de 10 000 personnes déplacées à Bangui, selon le HCR. Les réfugiés sont arrivés près de Zongo, où l'été est chaud.",
    "Über 5.000 Menschen mussten ihre Häuser verlassen; die Flüchtlinge wurden in Zelten untergebracht.",
    "São Paulo: cerca de 2.500 famílias desabrigadas após as chuvas, informou a Defesa Civil.",
    "About 1,200 people fled from the village of Señora Peña in the north, officials said.",
]


def items(iterable):
    out = list(iterable)
    return [d for d in out if isinstance(d, Document)], [f for f in out if isinstance(f, Failure)]


# ---- single files ------------------------------------------------------------------------------


def test_txt_file_is_one_document_named_after_the_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Some 2,000 people fled Mosul.\n", encoding="utf-8")
    assert list(read_path(str(path))) == [Document(id="report.txt", text="Some 2,000 people fled Mosul.\n")]


TITLES = [
    # issue 15: the title on a text article's first line was not used (the Source column showed
    # the file name)
    ("IS struggles to retain grip as it loses ground in Iraq\n\nPost 7876\n\nIn this photo...",
     "IS struggles to retain grip as it loses ground in Iraq"),
    ("\ufeff\n  'Islamic State' leaders engage in vicious recriminations as losses mount\n\nBy Khalid al-Taie\n",
     "'Islamic State' leaders engage in vicious recriminations as losses mount"),
    ("Is Mosul next?\nThe army is ready.", "Is Mosul next?"),
    # a paragraph, a sentence or the whole article is no title
    ("At this point in the war against ISIS, which as we pointed out previously is in full retreat now that its "
     "supply of oil-based funding from Turkey has dried up, the only question is when the strongholds fall\nMore.",
     None),
    ("Some 2,000 people fled Mosul.\nThe UN said so.", None),
    ("Some 2,000 people fled Mosul\n", None),
    ("https://example.org/a\nText", None),
    ("", None),
]


@pytest.mark.parametrize("text, title", TITLES)
def test_text_title(text, title):
    assert text_title(text) == title


@pytest.mark.parametrize("text, url", [
    ("Floods in Sindh\nURL: https://reliefweb.int/report/pakistan/x\n\nText", "https://reliefweb.int/report/pakistan/x"),
    ("Floods in Sindh\nhttps://www.dawn.com/news/1\nText", "https://www.dawn.com/news/1"),
    ("Floods in Sindh\nSource: https://www.dawn.com/news/1", "https://www.dawn.com/news/1"),
    ("Floods. See https://www.dawn.com/news/1 for more.", None),  # inside a sentence: not the article's address
    ("No link here", None),
])
def test_text_url(text, url):
    assert text_url(text) == url


def test_seed_text_articles_take_their_first_line_as_title(seed_paths):
    docs, _ = items(read_paths([os.path.dirname(seed_paths[0])]))
    titles = {d.id: d.title for d in docs}
    assert titles["001_4cdda67df5ead196.txt"] == "IS struggles to retain grip as it loses ground in Iraq"
    assert titles["003_3f12a4075941c5ee.txt"] is None  # it opens with a paragraph


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffÉvacués: 300".encode("utf-8"))
    assert [d.text for d in read_path(str(path))] == ["Évacués: 300"]


@pytest.mark.parametrize("text", LATIN1_ARTICLES)
def test_latin1_article_is_read_not_rejected(tmp_path, text):
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    assert list(read_path(str(path))) == [Document(id="latin.txt", text=text)]


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("cp1251", "Более 3000 человек были вынуждены покинуть свои дома в Донецкой области, сообщили в ООН."),
        ("cp1256", "نزح أكثر من 3000 شخص من منازلهم في محافظة الأنبار، بحسب الأمم المتحدة."),
        ("utf-16", "Plus de 10 000 personnes déplacées à Bangui."),
        ("cp1252", "“Nearly 3,000” people – many of them children – fled."),
    ],
)
def test_other_encodings_are_detected(encoding, text):
    assert decode_bytes("x.txt", text.encode(encoding)) == text


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"abc\x00def" * 10, "binary file (NUL bytes), expected text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF document), expected text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image), expected text"),
        (b"PK\x03\x04\x14\x00", "binary file (ZIP archive (or .docx/.xlsx)), expected text"),
        (bytes(range(1, 32)) * 40, "binary file (control characters), expected text"),
    ],
)
def test_bad_files_fail_with_name_and_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert list(read_path(str(path))) == [Failure(str(path), reason)]


def test_file_over_the_size_limit_is_reported(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 101, encoding="ascii")
    assert list(read_path(str(path), max_bytes=100)) == [
        Failure(str(path), "file too large (101 bytes; the limit is 100)")
    ]
    assert [d.id for d in read_path(str(path), max_bytes=101)] == ["big.txt"]
    assert DEFAULT_MAX_BYTES == 10_000_000


def test_missing_file_is_reported(tmp_path):
    missing = str(tmp_path / "nope.txt")
    assert list(read_paths([missing])) == [Failure(missing, "no such file or directory")]


def test_decode_bytes_raises_a_specific_error():
    with pytest.raises(SourceError) as info:
        decode_bytes("a.txt", b"")
    assert (info.value.name, info.value.reason, str(info.value)) == ("a.txt", "empty file", "a.txt: empty file")


def test_detect_encoding_prefers_utf8_then_western():
    assert detect_encoding("Zürich".encode("utf-8")) == "utf-8"
    assert detect_encoding("Zürich".encode("latin-1")) == "cp1252"
    assert detect_encoding("\ufeffx".encode("utf-8")) == "utf-8-sig"


# ---- folders and globs ------------------------------------------------------------------------


def test_folder_is_read_recursively_in_order_with_relative_ids(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / "a.txt").write_text("A 1", encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text("C 2", encoding="utf-8")
    (tmp_path / "b" / "deep" / "a.txt").write_text("deep A 3", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "b" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    docs, failures = items(read_paths([str(tmp_path)]))
    assert [(d.id, d.text) for d in docs] == [("a.txt", "A 1"), ("b/c.txt", "C 2"), ("b/deep/a.txt", "deep A 3")]
    assert failures == [
        Failure(str(tmp_path / "b" / "photo.jpg"), "unsupported file type (expected .txt, .text, .html, .htm, .jsonl, .csv)")
    ]


def test_glob_matches_files_and_reports_no_match(tmp_path):
    for name in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / name).write_text(name + " 10", encoding="utf-8")
    pattern = str(tmp_path / "x*.txt")
    nothing = str(tmp_path / "z*.txt")
    docs, failures = items(read_paths([pattern, nothing]))
    assert [d.id for d in docs] == ["x1.txt", "x2.txt"]
    assert failures == [Failure(nothing, "no file matches this pattern")]


def test_seed_folder_reads_the_five_seeds(seed_paths):
    folder = os.path.dirname(seed_paths[0])
    docs, failures = items(read_paths([folder]))
    assert failures == []
    assert [d.id for d in docs] == [os.path.basename(p) for p in seed_paths]
    assert len(docs) == 5


# ---- JSONL ------------------------------------------------------------------------------------


def test_jsonl_rows_ids_and_failures(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "300 fled", "title": "T", "published": "2020-01-02", "url": "https://x.org/a", "source": "X"}),
        "",
        json.dumps({"text": "no id here, 40 trapped"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"id": 7, "text": "   "}),
        json.dumps({"id": 8, "text": "numeric id, 12 killed", "published": 2016}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, failures = items(read_path(str(path)))
    assert docs == [
        Document(id="a1", text="300 fled", title="T", published="2020-01-02", url="https://x.org/a", source="X"),
        Document(id="feed.jsonl:3", text="no id here, 40 trapped"),
        Document(id="8", text="numeric id, 12 killed", published="2016"),
    ]
    assert [(f.name, f.reason.split(":")[0]) for f in failures] == [
        (f"{path}:4", "invalid JSON"),
        (f"{path}:5", "expected an object with a 'text' string"),
        (f"{path}:6", "expected an object with a 'text' string"),
        (f"{path}:7", "empty text"),
    ]


def test_jsonl_undecodable_row_fails_alone(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = [json.dumps({"id": f"r{i}", "text": f"Row {i}: 10 fled é"}, ensure_ascii=False).encode("utf-8") for i in range(3)]
    bad = b'{"id": "bad", "text": "broken \xff\xfe bytes"}'
    path.write_bytes(b"\n".join([good[0], good[1], bad, good[2]]) + b"\n")
    docs, failures = items(read_path(str(path)))
    assert [d.id for d in docs] == ["r0", "r1", "r2"]
    assert failures == [Failure(f"{path}:3", "undecodable text: not valid utf-8-sig")]


def test_jsonl_latin1_feed_is_decoded(tmp_path):
    path = tmp_path / "latin.jsonl"
    rows = [json.dumps({"id": str(i), "text": t}, ensure_ascii=False) for i, t in enumerate(LATIN1_ARTICLES)]
    path.write_bytes("\n".join(rows).encode("latin-1"))
    docs, failures = items(read_path(str(path)))
    assert failures == []
    assert [d.text for d in docs] == LATIN1_ARTICLES


def test_jsonl_row_over_the_limit_fails_and_the_next_is_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [{"id": "small", "text": "5 fled"}, {"id": "huge", "text": "x" * 5000}, {"id": "after", "text": "6 fled"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, failures = items(read_path(str(path), max_bytes=1000))
    assert [d.id for d in docs] == ["small", "after"]
    assert failures == [Failure(f"{path}:2", "row larger than the size limit (1000 bytes)")]


def test_feed_larger_than_the_limit_is_still_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps({"id": str(i), "text": f"{i} people fled"}) for i in range(200)), encoding="utf-8")
    assert os.path.getsize(path) > 1000
    docs, failures = items(read_path(str(path), max_bytes=1000))
    assert (len(docs), failures) == (200, [])


def test_empty_and_binary_feeds(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n\n  \n")
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\x1f\x8b\x08\x00" + bytes(200))
    assert list(read_paths([str(empty), str(blank), str(binary)])) == [
        Failure(str(empty), "empty file"),
        Failure(str(blank), "empty file"),
        Failure(str(binary), "binary file (gzip archive), expected text"),
    ]


# ---- CSV --------------------------------------------------------------------------------------


def test_csv_rows_with_quoted_newlines_and_default_ids(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        'id,Text ,title,published,url,source,extra\n'
        'c1,"Line one, 300 fled\nline two",T1,2020-05-06,https://x.org/1,Wire,ignored\n'
        ',"no id, 7 trapped",,,,,\n'
        ',,,,,,\n'
        'c4,,empty text,,,,\n',
        encoding="utf-8",
    )
    docs, failures = items(read_path(str(path)))
    assert docs == [
        Document(id="c1", text="Line one, 300 fled\nline two", title="T1", published="2020-05-06", url="https://x.org/1", source="Wire"),
        Document(id="feed.csv:4", text="no id, 7 trapped"),
    ]
    assert failures == [Failure(f"{path}:6", "empty text")]


def test_csv_semicolon_and_latin1(tmp_path):
    path = tmp_path / "excel.csv"
    content = "id;text\n" + "".join(f'{i};"{t}"\n' for i, t in enumerate(LATIN1_ARTICLES))
    path.write_bytes(content.encode("latin-1"))
    docs, failures = items(read_path(str(path)))
    assert failures == []
    assert [d.text for d in docs] == LATIN1_ARTICLES


def test_csv_without_text_column_fails_whole_file(tmp_path):
    path = tmp_path / "nope.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    assert list(read_path(str(path))) == [Failure(str(path), "expected a header row with a 'text' column (found: id, body)")]


def test_csv_large_fields_are_allowed(tmp_path):
    path = tmp_path / "big.csv"
    text = "Some 3,000 people fled. " * 20_000  # 480 KB, over the csv module's 128 KB default
    path.write_text(f'id,text\nbig,"{text}"\nsmall,5 fled\n', encoding="utf-8")
    docs, failures = items(read_path(str(path)))
    assert failures == []
    assert [(d.id, len(d.text)) for d in docs] == [("big", len(text)), ("small", 6)]


def test_csv_row_over_the_limit_fails_alone(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(f'id,text\na,5 fled\nbig,"{"y" * 3000}"\nb,6 fled\n', encoding="utf-8")
    docs, failures = items(read_path(str(path), max_bytes=1000))
    assert [d.id for d in docs] == ["a", "b"]
    assert failures == [Failure(f"{path}:3", "text larger than the size limit (1000 bytes)")]


# ---- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="{charset}">
<title>Floods displace thousands in Sindh | Relief News</title>
<meta property="og:title" content="Floods displace thousands in Sindh">
<meta property="og:site_name" content="Relief News">
<meta property="article:published_time" content="2022-08-30T10:00:00Z">
<link rel="canonical" href="https://news.example.org/sindh-floods">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe now for 1500 characters</a></nav>
<article>
<h1>Floods displace thousands in Sindh</h1>
<p>More than 33 million people have been affected by the floods in Pakistan, and about 500,000 people
now live in relief camps across Sindh province, officials said on Tuesday.</p>
<p>In Jacobabad, nearly 2,300 families were forced to flee their homes as the water rose. Señora Peña,
a volunteer, said the camps were full.</p>
</article>
<footer>Copyright 2022 Relief News. All rights reserved.</footer>
</body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    path = tmp_path / "sindh.html"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    (doc,) = read_path(str(path))
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.published, doc.url, doc.source) == (
        "sindh.html", "Floods displace thousands in Sindh", "2022-08-30", "https://news.example.org/sindh-floods", "Relief News",
    )
    assert "More than 33 million people have been affected" in doc.text
    assert "nearly 2,300 families were forced to flee" in doc.text
    assert "Subscribe now" not in doc.text and "Copyright" not in doc.text


def test_html_declared_latin1_is_decoded(tmp_path):
    path = tmp_path / "latin.htm"
    path.write_bytes(PAGE.format(charset="iso-8859-1").encode("latin-1"))
    (doc,) = read_path(str(path))
    assert "Señora Peña" in doc.text


def test_html_without_article_text_fails(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing</title></head><body><script>var x = 1;</script><img src='a.png'></body></html>", encoding="utf-8")
    assert list(read_path(str(path))) == [Failure(str(path), "no article text found in the HTML page")]


# ---- uploads ----------------------------------------------------------------------------------


def test_uploads_use_the_same_readers_by_extension(tmp_path):
    csv_bytes = b"id,text\nu1,40 people fled\n"
    jsonl_bytes = b'{"id": "u2", "text": "12 trapped"}\n'
    docs, failures = items(
        [
            *read_bytes("notes.txt", "Éxodo: 500".encode("latin-1")),
            *read_bytes("feed.csv", csv_bytes),
            *read_bytes("feed.jsonl", jsonl_bytes),
            *read_bytes("page.html", PAGE.format(charset="utf-8").encode("utf-8")),
            *read_bytes("pic.txt", b"\x89PNG\r\n\x1a\n"),
            *read_bytes("big.txt", b"x" * 11, max_bytes=10),
        ]
    )
    assert [(d.id, d.text[:16]) for d in docs] == [
        ("notes.txt", "Éxodo: 500"),
        ("u1", "40 people fled"),
        ("u2", "12 trapped"),
        ("page.html", "Floods displace "),
    ]
    assert failures == [
        Failure("pic.txt", "binary file (PNG image), expected text"),
        Failure("big.txt", "file too large (11 bytes; the limit is 10)"),
    ]


def test_document_from_row_keeps_its_contract():
    assert document_from_row({"text": "t", "id": "", "title": None}, default_id="f:1") == Document(id="f:1", text="t")


# ---- streaming --------------------------------------------------------------------------------


@pytest.mark.slow
def test_100k_row_feed_is_streamed_with_bounded_memory(tmp_path):
    """Peak Python memory while reading a 100,000-row (~60 MB) feed stays far below its size."""
    feed = tmp_path / "big.jsonl"
    with feed.open("w", encoding="utf-8") as handle:
        filler = "Thousands of families fled the fighting and sheltered in schools. " * 8
        for i in range(100_000):
            handle.write(json.dumps({"id": f"d{i}", "text": f"{i} people were displaced. {filler}"}) + "\n")
    size = os.path.getsize(feed)
    assert size > 50_000_000
    script = textwrap.dedent(
        f"""
        import tracemalloc
        from displacement.sources import read_path, Document
        tracemalloc.start()
        n = sum(1 for item in read_path({str(feed)!r}) if isinstance(item, Document))
        print(n, tracemalloc.get_traced_memory()[1])
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    count, peak = map(int, out.stdout.split())
    assert count == 100_000
    assert peak < 5_000_000, f"peak {peak} bytes while reading a {size}-byte feed"
