//! Pass `variants`: a stray Traditional form in Simplified text becomes its Simplified form.
//!
//! OCR trained on both scripts, and text pasted from older sources, leave an odd Traditional
//! character (`範` in `示範區`) in a Simplified page. Input: classified pages and the
//! edition's language. Output: the same pages where, in a block of Simplified text, each
//! Traditional form of [`TABLE`] is replaced; one note per changed block naming each change.
//!
//! Left alone: editions whose language is Traditional Chinese (`zh-TW`, `zh-HK`, `zh-MO`,
//! `zh-Hant…`) or not Chinese, and any block where Traditional forms are more than a tenth of
//! the Han characters (a quotation, a name, a calligraphy title kept in its own script). The
//! table holds only forms whose Simplified counterpart is unique (no `著`/`乾`/`於`/`瞭`/`夥`),
//! so a replacement never changes a word. A form the edition uses twice or more, and at
//! least as often as its Simplified one, is its own usage (a page printed in mixed forms, as
//! 1960s tabloids were), not a stray: it stays as printed; with three such forms or more the
//! edition prints in mixed forms and nothing is changed.

use crate::chars::{excerpt, is_han};
use crate::passes::note;
use crate::raw::RawPage;
use paiban_model::Diagnostic;

const PASS: &str = "variants";

/// Traditional → Simplified, one-to-one, sorted by the Traditional form (binary search).
pub const TABLE: &[(char, char)] = &[
    ('並', '并'),
    ('來', '来'),
    ('係', '系'),
    ('個', '个'),
    ('們', '们'),
    ('側', '侧'),
    ('備', '备'),
    ('傳', '传'),
    ('僅', '仅'),
    ('價', '价'),
    ('億', '亿'),
    ('優', '优'),
    ('劃', '划'),
    ('動', '动'),
    ('務', '务'),
    ('區', '区'),
    ('協', '协'),
    ('參', '参'),
    ('員', '员'),
    ('問', '问'),
    ('單', '单'),
    ('嚴', '严'),
    ('國', '国'),
    ('圍', '围'),
    ('圖', '图'),
    ('團', '团'),
    ('場', '场'),
    ('壓', '压'),
    ('夠', '够'),
    ('學', '学'),
    ('實', '实'),
    ('寫', '写'),
    ('將', '将'),
    ('專', '专'),
    ('導', '导'),
    ('層', '层'),
    ('島', '岛'),
    ('幫', '帮'),
    ('幾', '几'),
    ('廣', '广'),
    ('張', '张'),
    ('強', '强'),
    ('從', '从'),
    ('復', '复'),
    ('態', '态'),
    ('慶', '庆'),
    ('應', '应'),
    ('戰', '战'),
    ('戶', '户'),
    ('擁', '拥'),
    ('擊', '击'),
    ('據', '据'),
    ('數', '数'),
    ('斷', '断'),
    ('時', '时'),
    ('書', '书'),
    ('會', '会'),
    ('東', '东'),
    ('條', '条'),
    ('業', '业'),
    ('極', '极'),
    ('樂', '乐'),
    ('標', '标'),
    ('機', '机'),
    ('權', '权'),
    ('歡', '欢'),
    ('歲', '岁'),
    ('歷', '历'),
    ('氣', '气'),
    ('決', '决'),
    ('況', '况'),
    ('減', '减'),
    ('溫', '温'),
    ('漢', '汉'),
    ('濟', '济'),
    ('為', '为'),
    ('無', '无'),
    ('營', '营'),
    ('獎', '奖'),
    ('現', '现'),
    ('環', '环'),
    ('產', '产'),
    ('畫', '画'),
    ('當', '当'),
    ('發', '发'),
    ('監', '监'),
    ('確', '确'),
    ('種', '种'),
    ('稱', '称'),
    ('積', '积'),
    ('節', '节'),
    ('範', '范'),
    ('築', '筑'),
    ('紀', '纪'),
    ('約', '约'),
    ('級', '级'),
    ('組', '组'),
    ('結', '结'),
    ('絕', '绝'),
    ('統', '统'),
    ('經', '经'),
    ('綠', '绿'),
    ('維', '维'),
    ('網', '网'),
    ('線', '线'),
    ('編', '编'),
    ('總', '总'),
    ('織', '织'),
    ('續', '续'),
    ('義', '义'),
    ('聯', '联'),
    ('聲', '声'),
    ('職', '职'),
    ('與', '与'),
    ('興', '兴'),
    ('舉', '举'),
    ('華', '华'),
    ('萬', '万'),
    ('藝', '艺'),
    ('處', '处'),
    ('衛', '卫'),
    ('裝', '装'),
    ('製', '制'),
    ('規', '规'),
    ('視', '视'),
    ('親', '亲'),
    ('觀', '观'),
    ('計', '计'),
    ('記', '记'),
    ('訪', '访'),
    ('設', '设'),
    ('許', '许'),
    ('評', '评'),
    ('試', '试'),
    ('話', '话'),
    ('該', '该'),
    ('認', '认'),
    ('說', '说'),
    ('調', '调'),
    ('論', '论'),
    ('證', '证'),
    ('識', '识'),
    ('議', '议'),
    ('護', '护'),
    ('讀', '读'),
    ('變', '变'),
    ('讓', '让'),
    ('貨', '货'),
    ('責', '责'),
    ('費', '费'),
    ('資', '资'),
    ('質', '质'),
    ('購', '购'),
    ('轉', '转'),
    ('農', '农'),
    ('這', '这'),
    ('連', '连'),
    ('進', '进'),
    ('運', '运'),
    ('過', '过'),
    ('達', '达'),
    ('選', '选'),
    ('還', '还'),
    ('邊', '边'),
    ('鄉', '乡'),
    ('醫', '医'),
    ('鎮', '镇'),
    ('長', '长'),
    ('門', '门'),
    ('開', '开'),
    ('間', '间'),
    ('關', '关'),
    ('陽', '阳'),
    ('隊', '队'),
    ('際', '际'),
    ('險', '险'),
    ('雙', '双'),
    ('難', '难'),
    ('電', '电'),
    ('響', '响'),
    ('項', '项'),
    ('須', '须'),
    ('領', '领'),
    ('題', '题'),
    ('額', '额'),
    ('風', '风'),
    ('飛', '飞'),
    ('驗', '验'),
    ('體', '体'),
    ('點', '点'),
    ('黨', '党'),
    ('齊', '齐'),
];

/// The Simplified form of `c` when it is a Traditional form of [`TABLE`].
pub fn simplified(c: char) -> Option<char> {
    if !is_han(c) {
        return None;
    }
    TABLE
        .binary_search_by_key(&c, |&(t, _)| t)
        .ok()
        .and_then(|i| TABLE.get(i))
        .map(|&(_, s)| s)
}

/// Whether an edition in `language` is set in Simplified characters (the default).
pub fn is_simplified(language: &str) -> bool {
    let l = language.trim().to_ascii_lowercase();
    !paiban_model::is_traditional_chinese(&l)
        && (l.is_empty() || l.starts_with("zh") || l.starts_with("cmn"))
}

/// `text` with its stray Traditional forms made Simplified, and the changes made; unchanged
/// when Traditional forms are more than a tenth of its Han characters.
pub fn simplify(text: &str) -> (String, Vec<(char, char)>) {
    simplify_but(text, &|_| false)
}

/// [`simplify`], leaving the Traditional forms `own` says the edition uses as its own.
fn simplify_but(text: &str, own: &dyn Fn(char) -> bool) -> (String, Vec<(char, char)>) {
    let han = text.chars().filter(|&c| is_han(c)).count();
    let traditional = text.chars().filter(|&c| simplified(c).is_some()).count();
    let changes: Vec<(char, char)> = text
        .chars()
        .filter(|&c| !own(c))
        .filter_map(|c| simplified(c).map(|s| (c, s)))
        .collect();
    if changes.is_empty() || traditional * 10 > han {
        return (text.to_string(), Vec::new());
    }
    let out = text
        .chars()
        .map(|c| {
            if own(c) {
                c
            } else {
                simplified(c).unwrap_or(c)
            }
        })
        .collect();
    (out, changes)
}

/// An edition with this many Traditional forms of its own prints in mixed forms: none of
/// its Traditional forms is a stray.
const MIXED_FORMS: usize = 3;

/// A Traditional form the edition uses at least this many times…
const OWN_USES: usize = 2;

/// …and at least as often as its Simplified form is its own usage, not a stray (a 1960s
/// tabloid prints `們` thirty times and `们` five: an archive keeps what was printed).
fn own_forms(pages: &[RawPage]) -> std::collections::HashSet<char> {
    let mut count: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    for b in pages.iter().flat_map(|p| &p.blocks) {
        let dateline = b.dateline.as_deref().unwrap_or_default();
        for c in b.text.chars().chain(dateline.chars()) {
            if simplified(c).is_some() || is_simplified_form(c) {
                *count.entry(c).or_insert(0) += 1;
            }
        }
    }
    let n = |c: char| count.get(&c).copied().unwrap_or(0);
    TABLE
        .iter()
        .filter(|&&(t, s)| n(t) >= OWN_USES && n(t) >= n(s))
        .map(|&(t, _)| t)
        .collect()
}

/// Detection needs at least this many Traditional forms of [`TABLE`] in the edition…
const MIN_TRADITIONAL: usize = 20;
/// …and this many times as many as their Simplified counterparts.
const TRADITIONAL_RATIO: usize = 3;

/// Is `c` the Simplified form of one of [`TABLE`]'s Traditional forms?
fn is_simplified_form(c: char) -> bool {
    static SIMPLIFIED: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let forms = SIMPLIFIED.get_or_init(|| {
        let mut v: Vec<char> = TABLE.iter().map(|&(_, s)| s).collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    forms.binary_search(&c).is_ok()
}

/// How many characters of `text` are Traditional forms of [`TABLE`] and how many are the
/// Simplified forms they stand for (characters that exist in one script only).
pub fn script_counts(text: &str) -> (usize, usize) {
    text.chars().fold((0, 0), |(t, s), c| {
        if simplified(c).is_some() {
            (t + 1, s)
        } else if is_simplified_form(c) {
            (t, s + 1)
        } else {
            (t, s)
        }
    })
}

/// Mark `edition` as Traditional Chinese (`zh-Hant`) when its pages read so: the Traditional
/// forms of [`TABLE`] are at least [`MIN_TRADITIONAL`] and outnumber their Simplified
/// counterparts [`TRADITIONAL_RATIO`] to one. A statistic over the one-to-one table, not a
/// word list: a Simplified page quoting a Traditional title stays Simplified. Returns the
/// note saying so, with the counts.
pub fn detect_traditional(
    pages: &[RawPage],
    edition: &mut paiban_model::Edition,
) -> Option<Diagnostic> {
    let (mut trad, mut simp) = (0, 0);
    for b in pages.iter().flat_map(|p| &p.blocks) {
        let (t, s) = script_counts(&b.text);
        trad += t;
        simp += s;
    }
    if trad < MIN_TRADITIONAL || trad < TRADITIONAL_RATIO * simp {
        return None;
    }
    edition.language = "zh-Hant".to_string();
    let first = pages.iter().flat_map(|p| &p.blocks).next()?;
    Some(note(
        PASS,
        &first.span,
        &excerpt(&first.text, 24),
        &format!(
            "the text reads as Traditional Chinese ({trad} Traditional-only forms, {simp} \
             Simplified-only): language set to zh-Hant (set `language` in edition.toml to \
             override)"
        ),
    ))
}

/// Run the pass over every block (and dateline) of `pages` of an edition in `language`.
pub fn variants(pages: &mut [RawPage], language: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if !is_simplified(language) {
        return diags;
    }
    let own = own_forms(pages);
    // Several forms of its own: the edition prints in mixed forms, its single ones too.
    if own.len() >= MIXED_FORMS {
        return diags;
    }
    let own = |c: char| own.contains(&c);
    for b in pages.iter_mut().flat_map(|p| p.blocks.iter_mut()) {
        let (text, mut changes) = simplify_but(&b.text, &own);
        if let Some(d) = &b.dateline {
            let (fixed, more) = simplify_but(d, &own);
            changes.extend(more);
            b.dateline = Some(fixed);
        }
        if changes.is_empty() {
            continue;
        }
        let list: Vec<String> = changes.iter().map(|(t, s)| format!("{t}→{s}")).collect();
        diags.push(note(
            PASS,
            &b.span,
            &excerpt(&b.text, 24),
            &format!(
                "Traditional form(s) in Simplified text made Simplified: {}",
                list.join(" ")
            ),
        ));
        b.text = text;
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_the_edition_prints_as_its_own_stays() {
        use crate::raw::RawBlock;
        use paiban_model::Span;
        let mut pages = vec![RawPage::of_blocks(
            [
                "我們要团结起来，把革命进行到底，他们也来了，大家都在这里学习文件。",
                "同学們在广场上集合，建设全国文明城市示範区，让百姓生活更幸福更美好。",
            ]
            .iter()
            .zip(1..)
            .map(|(t, l)| RawBlock::new(*t, Span::new("p", l)))
            .collect(),
        )];
        // 們 twice and 们 once: the page's own; 範 once: a stray.
        let d = variants(&mut pages, "zh-CN");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(pages[0].blocks[0].text.starts_with("我們要"));
        assert!(pages[0].blocks[1].text.starts_with("同学們"));
        assert!(pages[0].blocks[1].text.contains("示范区"));
        // Three forms of its own: a page in mixed forms, whose single 範 is its own too.
        let mut mixed = pages.clone();
        mixed[0].blocks[1].text = "同学們在广场上集合，學習會議精神，學習會議文件，示範区".into();
        mixed[0].blocks[0].text.push_str("我們");
        assert!(variants(&mut mixed, "zh-CN").is_empty());
        assert!(mixed[0].blocks[1].text.ends_with("示範区"));
    }

    #[test]
    fn traditional_text_is_detected_by_its_forms_simplified_is_not() {
        use crate::raw::RawBlock;
        use paiban_model::Span;
        let page = |text: &str| RawPage::of_blocks(vec![RawBlock::new(text, Span::new("p", 1))]);
        let trad = "國會時來學員們從東場單價億張強實寫將專導層島廣";
        let mut e = paiban_model::Edition::new("報");
        let note = detect_traditional(&[page(&trad.repeat(2))], &mut e);
        assert_eq!(e.language, "zh-Hant");
        assert!(note.is_some_and(|d| d.message.contains("zh-Hant")));
        // Simplified text quoting a few Traditional forms stays zh-CN.
        let mut e = paiban_model::Edition::new("报");
        let simp = format!(
            "{}「國泰民安」",
            "国会时来学员们从东场单价亿张强实写将专导层岛广".repeat(3)
        );
        assert!(detect_traditional(&[page(&simp)], &mut e).is_none());
        assert_eq!(e.language, "zh-CN");
        // Too few forms to tell: left alone.
        let mut e = paiban_model::Edition::new("报");
        assert!(detect_traditional(&[page("國會時來")], &mut e).is_none());
        assert_eq!(script_counts("國国a"), (1, 1));
    }

    #[test]
    fn a_stray_traditional_form_is_made_simplified() {
        let (t, c) = simplify("建设全国文明城市示範区，让百姓更幸福");
        assert_eq!(t, "建设全国文明城市示范区，让百姓更幸福");
        assert_eq!(c, vec![('範', '范')]);
    }

    #[test]
    fn traditional_text_is_left_in_its_script() {
        // A quotation in Traditional characters: far more than a tenth are Traditional forms.
        let (t, c) = simplify("題詞「國泰民安」");
        assert_eq!(t, "題詞「國泰民安」");
        assert!(c.is_empty());
    }

    #[test]
    fn only_simplified_editions_are_changed() {
        assert!(is_simplified("zh-CN"));
        assert!(is_simplified("zh-Hans"));
        assert!(is_simplified(""));
        assert!(!is_simplified("zh-TW"));
        assert!(!is_simplified("zh-Hant-HK"));
        assert!(!is_simplified("en"));
    }

    #[test]
    fn the_table_maps_each_form_once_and_never_to_itself() {
        assert!(
            TABLE.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no repeats"
        );
        for (t, s) in TABLE {
            assert_ne!(t, s);
            assert!(is_han(*t) && is_han(*s));
            assert_eq!(simplified(*t), Some(*s));
            assert!(simplified(*s).is_none(), "{s} is itself in the table");
        }
    }
}
