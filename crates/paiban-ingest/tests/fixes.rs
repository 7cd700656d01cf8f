//! The editor's overrides end to end: `[[fix]]` in `edition.toml` and `NAME.fixes.toml`
//! beside a bare page file, through `paiban_ingest::load` (fictional text of our own).

#![allow(clippy::unwrap_used)]

use paiban_ingest::{IngestOptions, load};
use paiban_model::{Diagnostic, Severity};
use paiban_testkit::Scratch;

const PAGE: &str = "\
## 城西菜市场完成改造

本报讯 城西菜市场改造完成，摊位统一更换了遮阳棚。据市场管理处

主任介绍，改造期间商户照常营业。

市场周末人流明显增加
";

fn dir(name: &str) -> Scratch {
    paiban_testkit::scratch(&format!("fixes-{name}"))
}

fn of(d: &[Diagnostic], code: &str, s: Severity) -> Vec<Diagnostic> {
    d.iter()
        .filter(|x| x.code == code && x.severity == s)
        .cloned()
        .collect()
}

#[test]
fn manifest_fixes_apply_and_are_noted() {
    let d = dir("manifest");
    std::fs::write(d.join("page1.md"), PAGE).unwrap();
    std::fs::write(
        d.join("edition.toml"),
        "masthead = \"清河日报\"\n\n[[page]]\nnumber = 1\nfile = \"page1.md\"\n\n\
         [[fix]]\nline = 3\njoin = true\n\n[[fix]]\nline = 7\nas = \"subhead\"\n",
    )
    .unwrap();
    let ing = load(&d, &IngestOptions::default()).unwrap();
    let notes = of(&ing.diagnostics, "fix", Severity::Note);
    assert_eq!(notes.len(), 2, "{:#?}", ing.diagnostics);
    assert!(notes.iter().all(|n| n.message.contains("edition.toml:")));
    let a = &ing.edition.sections[0].articles[0];
    assert_eq!(a.blocks.len(), 2, "{a:#?}");
    assert!(
        a.blocks[0]
            .text
            .ends_with("据市场管理处主任介绍，改造期间商户照常营业。")
    );
    assert_eq!(a.blocks[1].kind, paiban_model::BlockKind::Subhead);
}

#[test]
fn manifest_fix_matching_nothing_is_an_error_naming_its_line() {
    let d = dir("nothing");
    std::fs::write(d.join("page1.md"), PAGE).unwrap();
    std::fs::write(
        d.join("edition.toml"),
        "masthead = \"清河日报\"\n\n[[page]]\nnumber = 1\nfile = \"page1.md\"\n\n\
         [[fix]]\nline = 4\njoin = true\n",
    )
    .unwrap();
    let ing = load(&d, &IngestOptions::default()).unwrap();
    let errors = of(&ing.diagnostics, "fix", Severity::Error);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].span.file.ends_with("edition.toml"));
    assert_eq!(errors[0].span.line, 8);
    assert!(errors[0].message.contains("line 4"), "{}", errors[0]);
}

#[test]
fn a_bare_page_takes_its_fixes_from_name_fixes_toml() {
    let d = dir("bare");
    let page = d.join("2026-03-18.md");
    std::fs::write(&page, PAGE).unwrap();
    let ing = load(&page, &IngestOptions::default()).unwrap();
    assert!(of(&ing.diagnostics, "fix", Severity::Note).is_empty());
    std::fs::write(
        d.join("2026-03-18.fixes.toml"),
        "[[fix]]\nline = 3\njoin = true\n",
    )
    .unwrap();
    let ing = load(&page, &IngestOptions::default()).unwrap();
    assert_eq!(of(&ing.diagnostics, "fix", Severity::Note).len(), 1);
    std::fs::write(
        d.join("2026-03-18.fixes.toml"),
        "[[fix]]\nline = 3\nbogus = 1\n",
    )
    .unwrap();
    let e = load(&page, &IngestOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("2026-03-18.fixes.toml:3:1") && e.contains("bogus"),
        "{e}"
    );
}
