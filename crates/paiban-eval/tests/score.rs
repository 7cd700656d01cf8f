//! The score on hand-made readings of a fictional mini page: each column counts what it says.

use paiban_eval::score::{Score, score};
use paiban_eval::truth::parse_web;
use paiban_ingest::Ingested;
use paiban_model::{Article, Block, BlockKind, Diagnostic, Edition, Section, Severity, Span};

const P: &str = "\u{3000}\u{3000}";

fn page() -> String {
    format!(
        "春风十里送岗位——\n清河举办招聘会\n\n{P}本报清河3月17日电  （记者周宁）招聘会今天举行。\n{P}企业带来五千个岗位。\n{P}求职者一万人次入场。\n\n\n新桥通车\n\n{P}新桥今天通车。\n{P}两岸连成一片。\n"
    )
}

fn art(k: Option<&str>, h: Option<&str>, blocks: &[(BlockKind, &str)]) -> Article {
    Article {
        kicker: k.map(str::to_string),
        headline: h.map(str::to_string),
        blocks: blocks
            .iter()
            .map(|(kind, t)| Block::new(*kind, *t, Span::default()))
            .collect(),
        ..Article::default()
    }
}

fn read(articles: Vec<Article>, diags: Vec<Diagnostic>) -> Ingested {
    let mut edition = Edition::new("清河日报");
    edition.sections.push(Section {
        number: 1,
        name: None,
        articles,
    });
    Ingested {
        edition,
        diagnostics: diags,
    }
}

const PARA: BlockKind = BlockKind::Paragraph;

fn perfect() -> Vec<Article> {
    vec![
        art(
            Some("春风十里送岗位——"),
            Some("清河举办招聘会"),
            &[
                (PARA, "本报清河3月17日电 （记者周宁）招聘会今天举行。"),
                (PARA, "企业带来五千个岗位。"),
                (PARA, "求职者一万人次入场。"),
            ],
        ),
        art(
            None,
            Some("新桥通车"),
            &[(PARA, "新桥今天通车。"), (PARA, "两岸连成一片。")],
        ),
    ]
}

#[test]
fn a_perfect_reading_scores_full_marks() {
    let t = parse_web(&page());
    let (s, log) = score(&t, &read(perfect(), vec![]), &page());
    assert!(log.is_empty(), "{log:?}");
    assert_eq!(
        s,
        Score {
            heads: 3,
            heads_found: 3,
            heads_role: 3,
            articles: 2,
            articles_read: 2,
            paras: 5,
            paras_exact: 5,
            ..Score::default()
        }
    );
}

#[test]
fn width_quotes_and_spaces_do_not_count() {
    let t = parse_web(&page());
    let mut arts = perfect();
    arts[0].blocks[0].text = "本报清河3月17日电(记者 周宁)招聘会今天 举行。".into();
    let (s, _) = score(&t, &read(arts, vec![]), &page());
    assert_eq!(s.paras_exact, 5);
}

#[test]
fn joins_splits_headings_and_untitled_articles() {
    let t = parse_web(&page());
    let arts = vec![
        // The kicker taken as the headline, the headline as a body paragraph joined to the lead.
        art(
            None,
            Some("春风十里送岗位——"),
            &[
                (
                    PARA,
                    "清河举办招聘会本报清河3月17日电（记者周宁）招聘会今天举行。",
                ),
                (PARA, "企业带来五千个"),
                (PARA, "岗位。"),
            ],
        ),
        // A fragment made a headline; the rest of the article untitled.
        art(None, Some("求职者一万"), &[(PARA, "人次入场。")]),
        art(
            None,
            None,
            &[(PARA, "新桥通车"), (PARA, "新桥今天通车。两岸连成一片。")],
        ),
    ];
    let (s, log) = score(&t, &read(arts, vec![]), &page());
    assert_eq!(s.heads_found, 1, "{log:#?}");
    assert_eq!(s.heads_role, 0);
    assert_eq!(s.body_heads, 1);
    assert_eq!(s.untitled, 1);
    assert_eq!(s.articles_read, 3);
    assert_eq!(s.paras_exact, 0);
    // headline|lead, 通车|新桥 (heading joined as a paragraph is no join), 通车。|两岸
    assert_eq!(s.false_joins, 2, "{log:#?}");
    // 五千个|岗位, 一万|人次
    assert_eq!(s.missed_joins, 2, "{log:#?}");
    assert_eq!(s.han_lost, 0);
}

#[test]
fn repeats_skeletons_and_lost_han() {
    let t = parse_web(&page());
    let mut arts = perfect();
    // A skeleton: the first article's short blocks again, under the same title.
    arts.push(art(
        None,
        Some("清河举办招聘会"),
        &[(PARA, "企业带来五千个岗位。")],
    ));
    // The last paragraph lost.
    arts[1].blocks.pop();
    let (s, log) = score(&t, &read(arts, vec![]), &page());
    assert_eq!(s.repeats, 2, "{log:#?}");
    assert_eq!(s.skeletons, 1);
    assert_eq!(s.han_lost, 6);
    // A removal that dedupe reports is no silent loss (line 12 is the last paragraph).
    let mut arts = perfect();
    arts[1].blocks.pop();
    let d = Diagnostic::new(
        Severity::Note,
        "dedupe",
        Span::new("p.txt", 12),
        "",
        "repeated block removed",
    );
    let (s, _) = score(&t, &read(arts, vec![d]), &page());
    assert_eq!(s.han_lost, 0);
    assert_eq!(s.han_reported, 6);
}

#[test]
fn a_seam_is_one_false_join_and_no_cut() {
    // A credit joined to the next article's lead, its headline lost in between: the lead
    // begins like the headline, which must not be taken for a continuation of the credit.
    let text = format!(
        "\n招聘会举行\n\n{P}求职者一万人次入场。\n{P}本版制图：周宁\n\n\n清河新桥通车\n\n{P}清河两岸连成一片。\n"
    );
    let t = parse_web(&text);
    let arts = vec![art(
        None,
        Some("招聘会举行"),
        &[
            (PARA, "求职者一万人次入场。"),
            (PARA, "本版制图：周宁清河两岸连成一片。"),
        ],
    )];
    let (s, log) = score(&t, &read(arts, vec![]), &text);
    assert_eq!(s.false_joins, 1, "{log:#?}");
    assert_eq!(s.missed_joins, 0, "{log:#?}");
    assert_eq!(s.heads_found, 1);
}
