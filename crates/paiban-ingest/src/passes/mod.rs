//! The named repair passes, in the order they run.
//!
//! Input: the readers' [`RawPage`]s. Output: a repaired [`Edition`] and every pass's
//! [`Diagnostic`]s. Order: `ocr` (what OCR engines get wrong) → `classify` (what each block is) → `punctuation` (ASCII marks and
//! stray spaces, which needs to know bylines and credits) → `variants` (a stray Traditional
//! form in Simplified text, before dedupe compares copies) → `dedupe` → `join` → `segment`
//! (blocks into articles) → `flag` (what may be missing). The editor's overrides
//! ([`fixes`]) apply right after `classify` (`as`) and around `join` (`join`). Each pass can be switched off in
//! the `[repair]` table of `edition.toml`; see [`Repair`].

pub mod classify;
pub mod contents;
pub mod dedupe;
pub mod display;
pub mod evidence;
pub mod fixes;
pub mod flag;
pub mod join;
pub mod ocr;
pub mod pagetext;
pub mod punctuation;
pub mod segment;
pub mod stitch;
pub mod variants;

use crate::raw::RawPage;
use paiban_model::{Diagnostic, Edition, Severity, Span};
use serde::Deserialize;

/// Which repair passes run (`[repair]` in `edition.toml`); all on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Repair {
    /// What OCR gets wrong: `一一` for `——`, spaces in numbers and between Han characters,
    /// full-width digits and letters, a misread masthead. Runs first.
    pub ocr: bool,
    /// ASCII `, : ; ? ! ( )` touching Han text → full-width; stray spaces removed.
    pub punctuation: bool,
    /// Decide what each block is (headline, banner, byline, jump line, …). Off: headings
    /// are headlines, everything else paragraphs.
    pub classify: bool,
    /// A stray Traditional form in Simplified text (`示範区`) → Simplified.
    pub variants: bool,
    /// Remove repeated blocks and repeated articles.
    pub dedupe: bool,
    /// Join paragraphs broken at a column end.
    pub join: bool,
    /// Group blocks into articles. Off: each headline starts an article, nothing else moves.
    pub segment: bool,
    /// Warn where text may be missing.
    pub flag: bool,
}

impl Default for Repair {
    fn default() -> Self {
        Repair {
            ocr: true,
            punctuation: true,
            classify: true,
            variants: true,
            dedupe: true,
            join: true,
            segment: true,
            flag: true,
        }
    }
}

/// Run the passes that `repair` switches on over `pages`, filling `edition`'s sections.
pub fn run(mut pages: Vec<RawPage>, edition: &mut Edition, repair: Repair) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if repair.ocr {
        diags.extend(ocr::ocr(&mut pages, &edition.masthead));
    }
    if repair.classify {
        diags.extend(classify::classify(&mut pages, &edition.masthead));
    } else {
        classify::unclassified(&mut pages);
    }
    diags.extend(fixes::apply_roles(&mut pages));
    if repair.punctuation {
        diags.extend(punctuation::punctuation(&mut pages));
    }
    if repair.variants {
        diags.extend(variants::variants(&mut pages, &edition.language));
    }
    if repair.dedupe {
        diags.extend(dedupe::dedupe_blocks(&mut pages));
    }
    if repair.join {
        diags.extend(fixes::prepare_joins(&mut pages));
        diags.extend(join::join(&mut pages));
        diags.extend(fixes::confirm_joins(&pages));
        if repair.punctuation {
            diags.extend(punctuation::marks_after_joins(&mut pages));
        }
        if repair.dedupe {
            // Copies broken at other places than their originals match once joined.
            diags.extend(dedupe::dedupe_blocks(&mut pages));
        }
    } else {
        diags.extend(fixes::joins_switched_off(&pages));
    }
    if repair.ocr {
        diags.extend(ocr::leading_marks(&mut pages));
    }
    let (sections, d) = if repair.segment {
        segment::segment(pages, &edition.masthead)
    } else {
        segment::flat(pages)
    };
    diags.extend(d);
    edition.sections = sections;
    if repair.dedupe {
        diags.extend(dedupe::dedupe_articles(edition));
    }
    if repair.flag {
        diags.extend(flag::flag(edition));
    }
    diags
}

/// A note (a repair that was made) from `pass` at `span`.
pub fn note(pass: &str, span: &Span, snippet: &str, message: &str) -> Diagnostic {
    Diagnostic::new(Severity::Note, pass, span.clone(), snippet, message)
}

/// A warning (something that may be wrong in the output) from `pass` at `span`.
pub fn warn(pass: &str, span: &Span, snippet: &str, message: &str) -> Diagnostic {
    Diagnostic::new(Severity::Warning, pass, span.clone(), snippet, message)
}
