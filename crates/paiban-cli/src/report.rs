//! `paiban check --report FILE.html`: the editor's review page of one edition.
//!
//! Stage: after `check` has read and repaired an edition. Input: a [`Review`] — the edition
//! (when it could be read), every diagnostic, why it is not buildable — and the source files
//! named in the spans, read again from disk and decoded as the reader did. Output: one
//! self-contained HTML page (inline CSS, no script, no external resource), deterministic:
//!
//! - per source file, rows of the source lines (numbered, anchored `f0-l15`) beside the
//!   articles that start there as the repair passes left them (kicker, headline, subtitle,
//!   byline, dateline, body blocks with a link to their line); each change is marked on its
//!   source line by its pass and reason, and on its block by a badge linking to the entry;
//! - a table of every diagnostic (severity, pass, `file:line` linked to the source line,
//!   message, snippet), warnings and errors highlighted, each row with an id (`d1`, `d2`…).
//!
//! All text goes through the escaping writer in [`crate::html`]: source text is untrusted.

use crate::html::Html;
use paiban_model::{Article, Block, BlockKind, Diagnostic, Edition, Section, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the page shows.
pub struct Review<'a> {
    /// The edition as discovered (folder or page file).
    pub source: &'a str,
    /// The repaired edition, when it could be read.
    pub edition: Option<&'a Edition>,
    /// Every diagnostic, in the order `check` prints them.
    pub diagnostics: &'a [Diagnostic],
    /// Why the edition is not buildable, when it is not.
    pub error: Option<&'a str>,
}

/// Largest source file shown (bytes); a larger one is named but not listed.
const MAX_SOURCE: u64 = 64 << 20;

/// One source file named by a span.
struct SourceFile {
    name: String,
    /// Its lines, or `None` when it cannot be read.
    lines: Option<Vec<String>>,
}

fn read_lines(name: &str) -> Option<Vec<String>> {
    let path = Path::new(name);
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SOURCE {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = paiban_ingest::decode::decode(path, &bytes).ok()?.text;
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    Some(lines)
}

/// The files of the review and where each diagnostic points.
struct Index<'a> {
    files: Vec<SourceFile>,
    file_ids: BTreeMap<&'a str, usize>,
    /// (file, line) → indices of the diagnostics there.
    at: BTreeMap<(usize, u32), Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(r: &Review<'a>) -> Self {
        let mut names: Vec<&'a str> = Vec::new();
        if let Some(e) = r.edition {
            for (_, a) in e.articles() {
                names.push(&a.span.file);
                names.extend(a.blocks.iter().map(|b| &*b.span.file));
            }
        }
        names.extend(r.diagnostics.iter().map(|d| &*d.span.file));
        let mut file_ids = BTreeMap::new();
        let mut files = Vec::new();
        for n in names.into_iter().filter(|n| !n.is_empty()) {
            file_ids.entry(n).or_insert_with(|| {
                files.push(SourceFile {
                    name: n.to_string(),
                    lines: read_lines(n),
                });
                files.len() - 1
            });
        }
        let mut at: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
        for (i, d) in r.diagnostics.iter().enumerate() {
            if let Some(&f) = file_ids.get(&*d.span.file) {
                at.entry((f, d.span.line)).or_default().push(i);
            }
        }
        Index {
            files,
            file_ids,
            at,
        }
    }

    /// The anchor of `line` of `file`: the line itself when the file lists it, else the
    /// file's heading; `None` for a span without a file.
    fn anchor(&self, file: &str, line: u32) -> Option<String> {
        let &f = self.file_ids.get(file)?;
        let listed = self
            .files
            .get(f)
            .and_then(|s| s.lines.as_ref())
            .is_some_and(|l| line >= 1 && line as usize <= l.len());
        Some(if listed {
            line_id(f, line)
        } else {
            format!("f{f}")
        })
    }

    fn diags_at(&self, file: &str, line: u32) -> &[usize] {
        self.file_ids
            .get(file)
            .and_then(|&f| self.at.get(&(f, line)))
            .map_or(&[], Vec::as_slice)
    }
}

fn line_id(file: usize, line: u32) -> String {
    format!("f{file}-l{line}")
}

fn diag_id(i: usize) -> String {
    format!("d{}", i + 1)
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Note => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// The worst severity among diagnostics `ids`.
fn worst(r: &Review<'_>, ids: &[usize]) -> Option<Severity> {
    ids.iter()
        .filter_map(|&i| r.diagnostics.get(i).map(|d| d.severity))
        .max()
}

const STYLE: &str = "
body{margin:0;padding:16px 24px;font:15px/1.6 'Noto Serif CJK SC','Noto Serif SC','Source Han Serif SC','Songti SC',serif;color:#222;background:#fafaf7}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:24px 0 8px;border-bottom:2px solid #333}
h3{font-size:15px;margin:20px 0 6px;font-family:monospace}
.summary{margin:0 0 4px}.bad{color:#b00020;font-weight:bold}.ok{color:#1b5e20;font-weight:bold}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px}
table{border-collapse:collapse;width:100%}
table.diags td,table.diags th{border-bottom:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
table.diags td.loc{font-family:monospace;white-space:nowrap}
.snippet{color:#555;font-size:13px}
tr.warning,div.line.warning,.legend .warning{background:#fff3c4}
tr.error,div.line.error,.legend .error{background:#ffd7d7}
div.line.note,.legend .note{background:#e6f0ff}
table.side{table-layout:fixed;margin-bottom:8px}
table.side td{vertical-align:top;border-top:1px solid #bbb;padding:6px 8px}
td.src{width:50%;font-family:monospace,'Noto Sans CJK SC','Noto Sans SC',sans-serif;font-size:13px;background:#fff}
td.ed{width:50%}
div.line{white-space:pre-wrap;overflow-wrap:anywhere;padding-left:3.5em;text-indent:-3.5em}
a.ln{display:inline-block;width:3em;text-indent:0;text-align:right;margin-right:.5em;color:#888;text-decoration:none}
div.why{margin:0 0 2px 3.5em;font-size:12px;font-family:sans-serif}
div.why.note{color:#1a4d99}div.why.warning{color:#8a5a00}div.why.error{color:#b00020}
.pg{color:#666;font-size:12px;font-family:sans-serif}
.kicker{margin:0;font-family:sans-serif;font-weight:bold;color:#444}
.headline{margin:2px 0;font-size:19px}
.subtitle{margin:0;color:#333}
.byline,.dateline,.jump{margin:0;font-size:13px;color:#555}
.dateline{font-family:sans-serif;font-weight:bold}
article{margin:0 0 10px}
p.b{margin:3px 0;text-indent:2em}p.b.subhead{text-indent:0;font-weight:bold}
p.b.caption,p.b.credit,p.b.image{text-indent:0;font-size:13px;color:#444}
p.b.note{text-indent:0;background:#f0f0ea;padding:2px 6px}
p.b.warning{border-left:4px solid #e0a800;padding-left:4px}p.b.error{border-left:4px solid #b00020;padding-left:4px}
a.src{font-family:monospace;font-size:11px;color:#888;text-decoration:none;margin-right:4px}
a.mark{font-family:sans-serif;font-size:11px;padding:0 4px;margin-left:4px;border-radius:3px;text-decoration:none;text-indent:0}
a.mark.note{background:#e6f0ff;color:#1a4d99}a.mark.warning{background:#ffe08a;color:#6b4500}a.mark.error{background:#ffb3b3;color:#700}
.kind{font-family:sans-serif;font-size:11px;color:#777;margin-right:4px}
.none{color:#888;font-style:italic}
";

/// The review page of one edition.
pub fn render(r: &Review<'_>) -> String {
    let idx = Index::new(r);
    let mut h = Html::new();
    let lang = r.edition.map_or("zh-CN", |e| e.language.as_str());
    h.markup("<!DOCTYPE html>\n");
    h.open("html", &[("lang", lang)]);
    h.open("head", &[]);
    h.void("meta", &[("charset", "utf-8")]);
    h.leaf("title", &[], &format!("paiban review: {}", title(r)));
    h.open("style", &[]);
    h.markup(STYLE);
    h.close("style");
    h.close("head");
    h.open("body", &[]);
    header(&mut h, r);
    h.leaf("h2", &[("id", "review")], "Source and repaired edition");
    if r.edition.is_none() {
        h.leaf("p", &[("class", "none")], "The edition could not be read.");
    }
    for (f, file) in idx.files.iter().enumerate() {
        side_by_side(&mut h, r, &idx, f, file);
    }
    diagnostics_table(&mut h, r, &idx);
    h.close("body");
    h.close("html");
    h.markup("\n");
    h.finish()
}

fn title(r: &Review<'_>) -> String {
    match r.edition {
        Some(e) => match &e.date {
            Some(d) => format!("{} {d}", e.masthead),
            None => e.masthead.clone(),
        },
        None => r.source.to_string(),
    }
}

fn header(h: &mut Html, r: &Review<'_>) {
    h.leaf("h1", &[], &format!("Review · {}", title(r)));
    h.open("p", &[("class", "summary")]);
    h.text(&format!("Source: {} — ", r.source));
    match r.error {
        None => h.leaf("span", &[("class", "ok")], "buildable"),
        Some(e) => h.leaf("span", &[("class", "bad")], &format!("NOT buildable: {e}")),
    }
    let n = |s, what: &str| {
        let n = r.diagnostics.iter().filter(|d| d.severity == s).count();
        format!("{n} {what}{}", if n == 1 { "" } else { "s" })
    };
    h.text(&format!(
        " — {}, {}, {} (changes made).",
        n(Severity::Error, "error"),
        n(Severity::Warning, "warning"),
        n(Severity::Note, "note")
    ));
    h.close("p");
    if let Some(e) = r.edition {
        let articles = e.articles().count();
        h.leaf(
            "p",
            &[("class", "summary")],
            &format!("{} page(s), {articles} article(s).", e.sections.len()),
        );
    }
    h.open("p", &[]);
    h.leaf("a", &[("href", "#review")], "Source and repaired edition");
    h.text(" · ");
    h.leaf("a", &[("href", "#diagnostics")], "All changes and warnings");
    h.close("p");
    h.open("p", &[("class", "legend")]);
    h.leaf(
        "span",
        &[("class", "note")],
        "note: a change the passes made",
    );
    h.leaf(
        "span",
        &[("class", "warning")],
        "warning: output may be wrong",
    );
    h.leaf("span", &[("class", "error")], "error: not buildable");
    h.close("p");
}

fn diagnostics_table(h: &mut Html, r: &Review<'_>, idx: &Index<'_>) {
    h.leaf("h2", &[("id", "diagnostics")], "All changes and warnings");
    if r.diagnostics.is_empty() {
        h.leaf("p", &[("class", "none")], "No diagnostics.");
        return;
    }
    h.open("table", &[("class", "diags")]);
    h.open("thead", &[]);
    h.open("tr", &[]);
    for t in ["#", "severity", "pass", "where", "what"] {
        h.leaf("th", &[], t);
    }
    h.close("tr");
    h.close("thead");
    h.open("tbody", &[]);
    for (i, d) in r.diagnostics.iter().enumerate() {
        let id = diag_id(i);
        h.open("tr", &[("id", &id), ("class", severity_class(d.severity))]);
        h.leaf("td", &[], &(i + 1).to_string());
        h.leaf("td", &[], severity_class(d.severity));
        h.leaf("td", &[("class", "code")], &d.code);
        h.open("td", &[("class", "loc")]);
        match idx.anchor(&d.span.file, d.span.line) {
            Some(a) => h.leaf("a", &[("href", &format!("#{a}"))], &d.span.to_string()),
            None => h.text(&d.span.to_string()),
        }
        h.close("td");
        h.open("td", &[]);
        h.text(&d.message);
        if !d.snippet.is_empty() {
            h.leaf("div", &[("class", "snippet")], &d.snippet);
        }
        h.close("td");
        h.close("tr");
    }
    h.close("tbody");
    h.close("table");
}

/// One file: its lines in rows, each beside the articles that start in it.
fn side_by_side(h: &mut Html, r: &Review<'_>, idx: &Index<'_>, f: usize, file: &SourceFile) {
    h.leaf("h3", &[("id", &format!("f{f}"))], &file.name);
    let mut arts: Vec<(&Section, &Article)> = r
        .edition
        .map(|e| {
            e.articles()
                .filter(|(_, a)| *a.span.file == *file.name)
                .collect()
        })
        .unwrap_or_default();
    let Some(lines) = &file.lines else {
        h.leaf("p", &[("class", "none")], "(source not readable here)");
        if !arts.is_empty() {
            h.open("table", &[("class", "side")]);
            row(h, r, idx, f, file, 0..0, &arts);
            h.close("table");
        }
        return;
    };
    arts.sort_by_key(|(_, a)| a.span.line);
    let n = lines.len() as u32;
    let mut starts: Vec<u32> = arts
        .iter()
        .map(|(_, a)| a.span.line)
        .filter(|&l| l >= 1)
        .collect();
    starts.dedup();
    h.open("table", &[("class", "side")]);
    let first = starts.first().copied().unwrap_or(n + 1);
    if first > 1 {
        row(h, r, idx, f, file, 1..first.min(n + 1), &[]);
    }
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(n + 1).min(n + 1);
        let here: Vec<(&Section, &Article)> = arts
            .iter()
            .copied()
            .filter(|(_, a)| a.span.line == s)
            .collect();
        row(h, r, idx, f, file, s.min(end)..end, &here);
    }
    let unplaced: Vec<(&Section, &Article)> = arts
        .iter()
        .copied()
        .filter(|(_, a)| a.span.line == 0)
        .collect();
    if !unplaced.is_empty() {
        row(h, r, idx, f, file, 0..0, &unplaced);
    }
    h.close("table");
}

fn row(
    h: &mut Html,
    r: &Review<'_>,
    idx: &Index<'_>,
    f: usize,
    file: &SourceFile,
    lines: std::ops::Range<u32>,
    arts: &[(&Section, &Article)],
) {
    h.open("tr", &[]);
    h.open("td", &[("class", "src")]);
    let all = file.lines.as_deref().unwrap_or_default();
    for l in lines {
        let text = all
            .get((l as usize).saturating_sub(1))
            .map_or("", String::as_str);
        source_line(h, r, idx, f, l, text);
    }
    h.close("td");
    h.open("td", &[("class", "ed")]);
    for (s, a) in arts {
        article(h, r, idx, s, a);
    }
    h.close("td");
    h.close("tr");
}

fn source_line(h: &mut Html, r: &Review<'_>, idx: &Index<'_>, f: usize, l: u32, text: &str) {
    let ids = idx.at.get(&(f, l)).map_or(&[][..], Vec::as_slice);
    let id = line_id(f, l);
    let class = match worst(r, ids) {
        Some(s) => format!("line {}", severity_class(s)),
        None => "line".into(),
    };
    h.open("div", &[("class", &class), ("id", &id)]);
    h.leaf(
        "a",
        &[("class", "ln"), ("href", &format!("#{id}"))],
        &l.to_string(),
    );
    h.text(text);
    h.close("div");
    for &i in ids {
        let Some(d) = r.diagnostics.get(i) else {
            continue;
        };
        let sev = severity_class(d.severity);
        h.open("div", &[("class", &format!("why {sev}"))]);
        h.leaf(
            "a",
            &[("href", &format!("#{}", diag_id(i)))],
            &format!("{sev}[{}]", d.code),
        );
        h.text(&format!(" {}", d.message));
        h.close("div");
    }
}

/// Badges linking to the diagnostics at `ids`.
fn marks(h: &mut Html, r: &Review<'_>, ids: &[usize]) {
    for &i in ids {
        if let Some(d) = r.diagnostics.get(i) {
            h.leaf(
                "a",
                &[
                    ("class", &format!("mark {}", severity_class(d.severity))),
                    ("href", &format!("#{}", diag_id(i))),
                    ("title", &d.message),
                ],
                &d.code,
            );
        }
    }
}

fn article(h: &mut Html, r: &Review<'_>, idx: &Index<'_>, s: &Section, a: &Article) {
    h.open("article", &[]);
    let page = match &s.name {
        Some(n) => format!("第{}版 {n}", s.number),
        None => format!("第{}版", s.number),
    };
    h.leaf("div", &[("class", "pg")], &page);
    if let Some(from) = a.continued_from {
        h.leaf("p", &[("class", "jump")], &format!("（上接第{from}版）"));
    }
    if let Some(k) = &a.kicker {
        h.leaf("p", &[("class", "kicker")], k);
    }
    h.open("h4", &[("class", "headline")]);
    if let Some(link) = idx.anchor(&a.span.file, a.span.line) {
        h.leaf(
            "a",
            &[("class", "src"), ("href", &format!("#{link}"))],
            &a.span.line.to_string(),
        );
    }
    match &a.headline {
        Some(t) => h.text(t),
        None => h.leaf("span", &[("class", "none")], "(no headline)"),
    }
    let on_block = a.blocks.iter().any(|b| b.span == a.span);
    if !on_block {
        marks(h, r, idx.diags_at(&a.span.file, a.span.line));
    }
    h.close("h4");
    for (class, v) in [
        ("subtitle", &a.subtitle),
        ("byline", &a.byline),
        ("dateline", &a.dateline),
    ] {
        if let Some(t) = v {
            h.leaf("p", &[("class", class)], t);
        }
    }
    for b in &a.blocks {
        block(h, r, idx, b);
    }
    if let Some(to) = a.continues_to {
        h.leaf("p", &[("class", "jump")], &format!("（下转第{to}版）"));
    }
    h.close("article");
}

fn block(h: &mut Html, r: &Review<'_>, idx: &Index<'_>, b: &Block) {
    let kind = match b.kind {
        BlockKind::Paragraph => "paragraph",
        BlockKind::Subhead => "subhead",
        BlockKind::Caption => "caption",
        BlockKind::Credit => "credit",
        BlockKind::Note => "note",
        BlockKind::Image => "image",
    };
    let ids = idx.diags_at(&b.span.file, b.span.line);
    let class = match worst(r, ids).filter(|&s| s >= Severity::Warning) {
        Some(s) => format!("b {kind} {}", severity_class(s)),
        None => format!("b {kind}"),
    };
    h.open("p", &[("class", &class)]);
    if let Some(link) = idx.anchor(&b.span.file, b.span.line) {
        h.leaf(
            "a",
            &[("class", "src"), ("href", &format!("#{link}"))],
            &b.span.line.to_string(),
        );
    }
    if b.kind != BlockKind::Paragraph {
        h.leaf("span", &[("class", "kind")], kind);
    }
    if let Some(src) = &b.src {
        h.leaf("span", &[("class", "kind")], &format!("[{src}]"));
    }
    h.text(&b.text);
    marks(h, r, ids);
    h.close("p");
}

/// Where the review of each of `names` (the editions' book names, in order) is written:
/// `file` itself for a single edition, else `STEM-NAME.html` beside it (`-2`, `-3`… added
/// when two names are the same but for case).
pub fn paths(file: &Path, names: &[&str]) -> Vec<PathBuf> {
    if names.len() == 1 {
        return vec![file.to_path_buf()];
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "review".into());
    let ext = file
        .extension()
        .map_or_else(|| "html".into(), |e| e.to_string_lossy().into_owned());
    let dir = file.parent().unwrap_or(Path::new(""));
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    names
        .iter()
        .map(|n| {
            let count = seen.entry(n.to_lowercase()).or_insert(0);
            *count += 1;
            let name = if *count == 1 {
                format!("{stem}-{n}.{ext}")
            } else {
                format!("{stem}-{n}-{count}.{ext}")
            };
            dir.join(name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_per_edition() {
        let f = Path::new("out/review.html");
        assert_eq!(paths(f, &["a"]), [PathBuf::from("out/review.html")]);
        assert_eq!(
            paths(f, &["a", "B", "b"]),
            [
                PathBuf::from("out/review-a.html"),
                PathBuf::from("out/review-B.html"),
                PathBuf::from("out/review-b-2.html"),
            ]
        );
        assert_eq!(
            paths(Path::new("r"), &["x", "y"])[1],
            PathBuf::from("r-y.html")
        );
    }

    #[test]
    fn a_page_without_an_edition_is_still_whole() {
        let d = [Diagnostic::new(
            Severity::Error,
            "fix",
            paiban_model::Span::new("/nonexistent/edition.toml", 3),
            "",
            "<b>no</b>",
        )];
        let html = render(&Review {
            source: "x<y",
            edition: None,
            diagnostics: &d,
            error: Some("bad"),
        });
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
        assert!(html.contains("x&lt;y") && html.contains("&lt;b&gt;no&lt;/b&gt;"));
        // The file cannot be read: the row links to the file's heading.
        assert!(html.contains("<h3 id=\"f0\">/nonexistent/edition.toml</h3>"));
        assert!(html.contains("<a href=\"#f0\">/nonexistent/edition.toml:3</a>"));
        assert!(html.ends_with("</body></html>\n"));
    }
}
