#!/usr/bin/env python3
"""Make the OCR test fixtures of paiban-ingest from the fictional pages in pages.py.

Typesets each page with typst (columns, bold display lines, 2em first-line indent),
rasterises it (pdftoppm -r 300 -gray) and reads it with Tesseract 5 (-l chi_sim) into
hOCR, ALTO and text. Writes <name>.hocr, <name>.xml, <name>.txt and the clean truth
<name>.truth.txt (one `X: text` line per element: F furniture, K kicker, H headline,
S subtitle, B byline, P paragraph) into crates/paiban-ingest/tests/fixtures/ocr/.

Needs: PyPI `typst`, poppler-utils, tesseract-ocr + tesseract-ocr-chi-sim.
Usage: scripts/ocr-fixtures/make.py [page-name ...]   (from the repository root; ~10 s a page)
"""
import os, pathlib, shutil, subprocess, sys, tempfile
import typst

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "crates/paiban-ingest/tests/fixtures/ocr"
sys.path.insert(0, str(HERE))
from pages import PAGES  # noqa: E402


def esc(s):
    return "".join("\\" + c if c in '\\#*_`$@<>[]~"' else c for c in s)


def article(a, in_cols):
    out = []
    size = 15 if in_cols else 22
    if a.get("kicker"):
        out.append(f'#align(center, text(font: "Noto Sans SC", size: 12pt, weight: "bold")[{esc(a["kicker"])}])')
    out.append(f'#align(center, text(size: {size}pt, weight: "bold")[{esc(a["headline"])}])')
    if a.get("subtitle"):
        out.append(f'#align(center, text(size: 13pt)[{esc(a["subtitle"])}])')
    out.append("#v(0.4em)")
    return "\n".join(out)


def body(a):
    out = []
    if a.get("byline"):
        out.append(f'#block(text(font: "Noto Sans SC", weight: "bold")[{esc(a["byline"])}])')
    for p in a["paras"]:
        out.append(esc(p))
        out.append("")
    return "\n".join(out)


def body_extra(a):
    out = [body(a)]
    if a.get("subhead"):
        out.append(f'#block(text(font: "Noto Sans SC", weight: "bold")[{esc(a["subhead"])}])')
        out += [esc(p) + "\n" for p in a["paras2"]]
    if a.get("jump"):
        out.append(f'#align(right)[{esc(a["jump"])}]')
    return "\n".join(out)


def typ(page):
    s = [
        ('#set page(width: 29.7cm, height: 19cm,' if page.get("paper") == "wide" else '#set page(paper: "a4",')
        + ' margin: (x: 1.6cm, top: 2.2cm, bottom: 2cm),',
        f'  header: [#set text(size: 9pt); {esc(page["head"])} #h(1fr) #line(length: 100%, stroke: 0.5pt)],',
        f'  footer: [#align(center, text(size: 9pt)[{esc(page["head"].split("　")[-2] if "版" in page["head"] else "")}])])',
        '#set text(font: "Noto Serif SC", size: 10.5pt, lang: "zh")',
        "#set par(first-line-indent: (amount: 2em, all: true), justify: true, leading: 0.75em, spacing: 0.75em)",
    ]
    if page["masthead"]:
        s.append(f'#align(center, text(font: "Noto Sans SC", size: 40pt, weight: "bold")[{esc(page["masthead"])}])')
        s.append("#line(length: 100%, stroke: 1.5pt)")
    if page.get("layout") == "lead3+1":
        lead, side, *rest = page["articles"]
        s.append("#grid(columns: (3fr, 1fr), column-gutter: 1.4em,")
        s.append("[" + article(lead, False) + f"\n#block(height: {page['lead_h']})[#columns(3, gutter: 1.4em)[\n{body_extra(lead)}\n]]],")
        s.append("[" + article(side, True) + "\n" + body_extra(side) + "])")
        s.append("#v(0.6em)\n#line(length: 100%, stroke: 0.8pt)\n#v(0.4em)")
        s.append(f"#block(height: {page['row_h']})[#columns(4, gutter: 1.4em)[")
        s.append("\n#v(0.8em)\n".join(article(a, True) + "\n" + body_extra(a) for a in rest))
        s.append("]]")
        return "\n".join(s) + "\n"
    cols = []
    for a in page["articles"]:
        if a.get("span"):
            s.append(article(a, False))
            cols.append(body(a))
        else:
            cols.append(article(a, True) + "\n" + body(a))
    s.append(f'#columns({page["columns"]}, gutter: 1.4em)[')
    s.append("\n#v(0.8em)\n".join(cols))
    s.append("]")
    return "\n".join(s) + "\n"


def variant(t, page):
    """`tight`: 9 pt body, narrow gutters and leading (a page set closer, scanned coarser)."""
    if page.get("tight"):
        t = (t.replace("gutter: 1.4em", "gutter: 0.8em")
             .replace("size: 10.5pt", "size: 9pt")
             .replace("leading: 0.75em, spacing: 0.75em", "leading: 0.6em, spacing: 0.6em"))
    return t


def truth(page):
    t = []
    if page["masthead"]:
        t.append("F: " + page["masthead"])
    t.append("F: " + page["head"])
    for a in page["articles"]:
        for k, key in (("K", "kicker"), ("H", "headline"), ("S", "subtitle"), ("B", "byline")):
            if a.get(key):
                t.append(f"{k}: {a[key]}")
        t += ["P: " + p for p in a["paras"]]
        if a.get("subhead"):
            t.append("T: " + a["subhead"])
            t += ["P: " + p for p in a["paras2"]]
        if a.get("jump"):
            t.append("J: " + a["jump"])
    return "\n".join(t) + "\n"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        only = sys.argv[1:]
        for page in PAGES:
            name = page["name"]
            if only and name not in only:
                continue
            src = tmp / f"{name}.typ"
            src.write_text(variant(typ(page), page), encoding="utf-8")
            pdf = tmp / f"{name}.pdf"
            typst.compile(str(src), output=str(pdf), font_paths=[str(ROOT / "fonts")])
            subprocess.run(["pdftoppm", "-r", str(page.get("dpi", 300)), "-gray", "-png", "-singlefile", str(pdf), str(tmp / name)], check=True)
            base = tmp / name
            subprocess.run(["tesseract", f"{base}.png", str(base), "-l", "chi_sim", "hocr", "alto", "txt"],
                           check=True, env=env, capture_output=True)
            shutil.copy(f"{base}.hocr", OUT / f"{name}.hocr")
            shutil.copy(f"{base}.xml", OUT / f"{name}.xml")
            shutil.copy(f"{base}.txt", OUT / f"{name}.txt")
            (OUT / f"{name}.truth.txt").write_text(truth(page), encoding="utf-8")
            if os.environ.get("KEEP_PNG"):
                shutil.copy(f"{base}.png", OUT.parent / f"{name}.png")
            print(name, "ok")


if __name__ == "__main__":
    main()
