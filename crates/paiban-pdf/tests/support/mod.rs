//! A hand-built edition for the tests (text written for this project), and font loading.

#![allow(dead_code)]

use paiban_fonts::{EditionFonts, FontSet};
use paiban_model::{Article, Block, BlockKind, Edition, Section, Span};
use std::path::PathBuf;

const SENTENCES: &[&str] = &[
    "清晨六点，清河两岸的早市已经热闹起来，卖菜的老人把刚摘的青菜摆得整整齐齐。",
    "“今年雨水足，收成比去年好。”老人一边称菜一边说，脸上带着笑。",
    "街道办事处在河边新修了一条步道，全长3.2公里，沿途种了二百多棵银杏。",
    "傍晚散步的居民越来越多，有人说，这条路让整个社区“活”了起来。",
    "据介绍，步道建设共投入资金860万元，其中一半来自市级专项补助。",
    "施工期间，工人们克服了连日阴雨等困难——有时一天只能干半天活。",
    "社区还组织志愿者定期巡河，清理垃圾、劝阻钓鱼……大家都很自觉。",
    "下一步，区里计划在步道旁增设健身器材和休息座椅，方便老人和孩子。",
    "对此，居民王阿姨表示：“有了这条路，我们晚上出门心里也踏实。”",
    "记者了解到，类似的“口袋公园”今年全市将新建42处，覆盖所有街道。",
];

/// A paragraph of `n` sentences starting at sentence `k`.
pub fn para(k: usize, n: usize) -> String {
    (0..n)
        .map(|i| SENTENCES[(k + i) % SENTENCES.len()])
        .collect()
}

fn block(kind: BlockKind, text: &str) -> Block {
    Block::new(kind, text, Span::new("fixture.md", 1))
}

/// The test edition: two pages (版), a photo, subheads, a jump line and an editor's note.
pub fn edition() -> Edition {
    let mut e = Edition::new("清河日报");
    e.date = paiban_model::Date::parse("2026-11-26");
    e.issue = Some("第1024期".to_string());
    e.base_dir = Some(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures"
    )));
    let lead = Article {
        kicker: Some("城市更新进行时".to_string()),
        headline: Some("清河步道串起百姓幸福路".to_string()),
        subtitle: Some("全长3.2公里，沿途种植银杏二百余棵".to_string()),
        byline: Some("本报记者 林小河 通讯员 周明".to_string()),
        dateline: Some("本报11月25日讯（记者 林小河）".to_string()),
        continues_to: Some(2),
        blocks: vec![
            block(BlockKind::Paragraph, &para(0, 4)),
            block(BlockKind::Paragraph, &para(4, 3)),
            block(BlockKind::Image, "清河步道一角。"),
            block(BlockKind::Credit, "本报记者 林小河 摄"),
            block(BlockKind::Subhead, "居民参与：人人都是护河员"),
            block(BlockKind::Paragraph, &para(6, 5)),
            block(BlockKind::Paragraph, &para(1, 3)),
        ],
        ..Article::default()
    };
    let mut lead = lead;
    if let Some(img) = lead.blocks.get_mut(2) {
        img.src = Some("photo.jpg".to_string());
    }
    let second = Article {
        headline: Some("老街菜场换新颜".to_string()),
        byline: Some("本报记者 周明".to_string()),
        blocks: vec![
            block(BlockKind::Note, &para(8, 2)),
            block(BlockKind::Paragraph, &para(2, 6)),
            block(BlockKind::Paragraph, &para(5, 2)),
            block(BlockKind::Paragraph, &para(7, 4)),
        ],
        ..Article::default()
    };
    let third = Article {
        headline: Some("社区食堂开进居民楼".to_string()),
        blocks: (0..6)
            .map(|i| block(BlockKind::Paragraph, &para(i, 3 + i % 3)))
            .collect(),
        ..Article::default()
    };
    let jump = Article {
        headline: Some("清河步道串起百姓幸福路".to_string()),
        continued_from: Some(1),
        blocks: vec![
            block(BlockKind::Paragraph, &para(3, 5)),
            block(BlockKind::Paragraph, &para(9, 4)),
        ],
        ..Article::default()
    };
    e.sections = vec![
        Section {
            number: 1,
            name: Some("要闻".to_string()),
            articles: vec![lead, second, third],
        },
        Section {
            number: 2,
            name: Some("城市".to_string()),
            articles: vec![jump],
        },
    ];
    let unread = paiban_ingest::images::add_pictures(&mut e);
    assert!(unread.is_empty(), "fixture pictures: {unread:?}");
    e
}

/// The bundled fonts prepared for `e`, with the PDF's own text.
pub fn fonts(e: &Edition) -> EditionFonts {
    let set = FontSet::bundled().expect("bundled fonts load");
    EditionFonts::prepare(&set, e, &paiban_present::generated_text())
        .expect("fonts cover the fixture")
}
