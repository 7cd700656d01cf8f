//! End to end on the real OCR'd page in ../shared (never copied into the repository):
//! exactly what issue 2 asks of it.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use paiban_ingest::{IngestOptions, load};
use paiban_model::{BlockKind, Edition, Severity};

use paiban_ingest::chars::is_han;

fn all_text(e: &Edition) -> String {
    e.text_items()
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md"]
fn real_page() {
    let page = paiban_testkit::real_page();
    let ing = load(&page, &IngestOptions::default()).expect("the real page reads");
    let e = &ing.edition;
    let heads: Vec<&str> = e
        .articles()
        .map(|(_, a)| a.headline.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        heads,
        [
            "鄂尔多斯市在提升城市品质中增加百姓福祉",
            "我区首家托育综合服务指导中心成立",
            "内蒙古支线供水工程赤峰朝阳线开工",
            "“兴安盟·五角枫”杯世界疏林草原摄影大展在北京举办",
            "自治区科技厅部署开发科研助理岗位工作",
            "研发助康新产品",
            "首府高校毕业生开始申请租购房补贴",
            "党员干部要敬畏历史 敬畏优秀传统文化 增强做中国人的志气骨气底气",
            "风展党旗万象新",
        ]
    );
    let arts: Vec<_> = e.articles().map(|(_, a)| a).collect();
    // The banner is the first article's kicker; its byline and the others' datelines.
    assert_eq!(arts[0].kicker.as_deref(), Some("奋进新征程 建功新时代"));
    assert_eq!(
        arts[0].byline.as_deref(),
        Some("本报记者 王玉琢 通讯员 王红梅")
    );
    assert_eq!(
        arts[1].dateline.as_deref(),
        Some("本报6月28日讯（记者 王坤）")
    );
    assert_eq!(
        arts[3].dateline.as_deref(),
        Some("本报北京6月28日电（记者 高敏娜 通讯员 武国）")
    );
    assert_eq!(
        arts[6].dateline.as_deref(),
        Some("本报呼和浩特6月28日讯（记者 刘洋）")
    );
    for i in [1, 2, 3, 4, 6] {
        assert!(arts[i].dateline.is_some(), "article {i} has a dateline");
    }
    // The photo item: caption and credit.
    let kinds: Vec<BlockKind> = arts[5].blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::Caption, BlockKind::Credit]);
    assert_eq!(arts[5].blocks[1].text, "本报记者 王晓博 摄");
    // Continued from page 1, with the subheads.
    assert_eq!(arts[7].continued_from, Some(1));
    assert_eq!(arts[8].continued_from, Some(1));
    let subs: Vec<&str> = arts[8]
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Subhead)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(subs.len(), 2);
    assert!(subs[0].starts_with("抓关键") && subs[1].starts_with("优保障"));
    // The 541-character block appears exactly once.
    let text = all_text(e);
    let key = "突出理论武装、党性锤炼和素质提升";
    assert_eq!(text.matches(key).count(), 1);
    // The six joins.
    for joined in [
        "积极探索“医育教一体化”服务模式",
        "保障城市供水安全",
        "五角枫象征着团结、诚信",
        "本科生分别一次性给予10万元",
        "挂牌命名等方式",
        "“一家亲”等活动，",
    ] {
        assert_eq!(text.matches(joined).count(), 1, "joined: {joined}");
    }
    // No ASCII , : ; ? ( ) touching a Han character.
    let cs: Vec<char> = text.chars().collect();
    for (i, c) in cs.iter().enumerate() {
        if ",:;?!()".contains(*c) {
            let before = i.checked_sub(1).map(|j| cs[j]).is_some_and(is_han);
            let after = cs.get(i + 1).copied().is_some_and(is_han);
            assert!(!before && !after, "ASCII {c:?} touches Han at char {i}");
        }
    }
    // Han characters preserved except removed duplicates (textstats.py's measure), apart
    // from the jump markers' 上接第版, which live in continued_from.
    let src = std::fs::read_to_string(&page).unwrap();
    let mut seen = std::collections::HashSet::new();
    let mut want = std::collections::HashMap::<char, i64>::new();
    for line in src.lines() {
        let han: String = line.chars().filter(|&c| is_han(c)).collect();
        if han.chars().count() >= 20 && !seen.insert(han.clone()) {
            continue;
        }
        // The `variants` pass writes a stray Traditional form (the page has one 範) as
        // Simplified: the character is kept, in its Simplified form.
        for c in han.chars() {
            let c = paiban_ingest::passes::variants::simplified(c).unwrap_or(c);
            *want.entry(c).or_default() += 1;
        }
    }
    assert!(!text.contains('範'), "the stray Traditional 範 was left");
    assert!(
        ing.diagnostics
            .iter()
            .any(|d| d.code == "variants" && d.message.contains("範→范")),
        "the 範→范 repair is reported"
    );
    for c in text.chars().filter(|&c| is_han(c)) {
        *want.entry(c).or_default() -= 1;
    }
    let mut jump_chars = std::collections::HashMap::<char, i64>::new();
    for c in "上接第版上接第版".chars() {
        *jump_chars.entry(c).or_default() += 1;
    }
    let missing: Vec<(char, i64)> = want
        .iter()
        .filter(|&(c, n)| *n > jump_chars.get(c).copied().unwrap_or(0))
        .map(|(c, n)| (*c, *n))
        .collect();
    assert!(missing.is_empty(), "Han characters lost: {missing:?}");
    // The three fragments whose continuation is missing.
    let warns: Vec<_> = ing
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.code == "flag")
        .collect();
    assert_eq!(warns.len(), 3, "{warns:#?}");
    assert!(warns[0].snippet.ends_with("9个旗区全部创"));
    assert!(warns[1].snippet.ends_with("在坚持为民惠民创建中，鄂尔多斯"));
    assert!(warns[2].snippet.ends_with("全区各级"));
    assert_eq!(
        [warns[0].span.line, warns[1].span.line, warns[2].span.line],
        [31, 41, 138]
    );
    // Every diagnostic names the file and a line.
    assert!(ing.diagnostics.iter().all(|d| d.span.file.ends_with(".md")));
}
