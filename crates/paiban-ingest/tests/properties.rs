//! Property tests: for any input, ingest either errors cleanly or yields an edition whose
//! Han characters are the source's, minus the duplicates it reported (and the jump markers'
//! 上接/下转/第/版, which move into continued_from / continues_to).

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use paiban_ingest::{IngestOptions, load};
use paiban_testkit::Scratch;
use proptest::prelude::*;
use std::collections::HashMap;

use paiban_ingest::chars::is_han;

fn scratch() -> Scratch {
    paiban_testkit::scratch("prop")
}

/// Lines in the shape of newspaper sources.
fn line() -> impl Strategy<Value = String> {
    let han = "[清河日报新桥通车本上接下转第版讯电记者摄，。、：；（）“”,:;()!? ■□12]{0,40}";
    prop_oneof![
        han.prop_map(|s| s),
        han.prop_map(|s| format!("## {s}")),
        han.prop_map(|s| format!("　　{s}")),
        Just("■上接第1版 接着的正文，".to_string()),
        Just("（下转第2版）".to_string()),
        Just("本报3月18日讯(记者 王一)清河新桥今天通车,两岸居民往来的时间大大缩短了。".to_string()),
        Just("本报记者 刘 辉摄".to_string()),
        Just("![图](x.png)".to_string()),
        Just("**“重要”**的".to_string()),
        ".{0,20}".prop_map(|s| s),
    ]
}

fn han_counts(s: &str) -> HashMap<char, i64> {
    let mut m = HashMap::new();
    for c in s.chars().filter(|&c| is_han(c)) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

fn check(src: &str, ext: &str) {
    let d = scratch();
    let p = d.join(format!("page.{ext}"));
    std::fs::write(&p, src).unwrap();
    let Ok(ing) = load(&p, &IngestOptions::default()) else {
        return;
    };
    let json = serde_json::to_string(&ing.edition).unwrap();
    assert!(!json.is_empty());
    let out: String = ing
        .edition
        .text_items()
        .iter()
        .skip(1)
        .map(|t| t.text)
        .collect();
    // The source minus repeats of lines with 20+ Han characters (textstats.py's measure).
    let mut seen = std::collections::HashSet::new();
    let mut kept = String::new();
    for l in src.lines() {
        let key: String = l.chars().filter(|&c| is_han(c)).collect();
        if key.chars().count() >= 20 && !seen.insert(key.clone()) {
            continue;
        }
        kept.push_str(&key);
    }
    let mut want = han_counts(&kept);
    // Reported removals: page furniture the metadata carries, a repeated article's headline.
    let removed: String = ing
        .diagnostics
        .iter()
        .filter(|d| {
            d.message.contains("furniture left out")
                || d.message.contains("repeated article")
                || d.message.contains("repeats the headline deck")
                || d.message.contains("repeated block removed")
        })
        .map(|d| d.snippet.as_str())
        .collect();
    let have = han_counts(&out);
    let all = han_counts(src);
    for (c, n) in &have {
        assert!(all.contains_key(c), "invented {c:?}");
        *want.entry(*c).or_insert(0) -= n;
    }
    // A repeated block's report shows the start of the copy it removed; the rest of that copy
    // (a credit joined to its paragraph) is fine to lose so long as the kept copy has it.
    let deduped = ing
        .diagnostics
        .iter()
        .any(|d| d.message.contains("repeated block removed"));
    for (c, n) in want {
        let kept_copy = deduped && have.contains_key(&c);
        if n > 0 && !"上接下转第版".contains(c) && !removed.contains(c) && !kept_copy {
            panic!("lost {n} × {c:?}\nsource: {src:?}\noutput: {out:?}");
        }
    }
}

/// CI's run of 2026-12-07 found this: a dateline and its credit printed twice are one
/// repeated block, and the credit's characters go with the repeat.
#[test]
fn a_repeated_paragraph_with_its_credit_is_removed_whole() {
    let lines = [
        "",
        "本报3月18日讯(记者 王一)清河新桥今天通车,两岸居民往来的时间大大缩短了。",
        "本报记者 刘 辉摄",
        "本报3月18日讯(记者 王一)清河新桥今天通车,两岸居民往来的时间大大缩短了。",
        "本报记者 刘 辉摄",
        "**“重要”**的",
        "**“重要”**的",
        "（下转第2版）",
        "（下转第2版）",
        "## !日，转第车本■■本版1河,清上新通上清!新:?接者转接接、清",
        "（下转第2版）",
        "（下转第2版）",
        "本报记者 刘 辉摄",
    ];
    check(&lines.join("\n"), "txt");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn markdown_never_panics_nor_loses_text(lines in prop::collection::vec(line(), 0..30), blank in any::<bool>()) {
        let sep = if blank { "\n\n" } else { "\n" };
        check(&lines.join(sep), "md");
    }

    #[test]
    fn plain_text_never_panics_nor_loses_text(lines in prop::collection::vec(line(), 0..30)) {
        check(&lines.join("\n"), "txt");
    }

    #[test]
    fn any_bytes_error_or_edition(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let d = scratch();
        let p = d.join("bytes.md");
        std::fs::write(&p, &bytes).unwrap();
        if let Ok(ing) = load(&p, &IngestOptions::default()) {
            serde_json::to_string(&ing.edition).unwrap();
        }
    }
}
