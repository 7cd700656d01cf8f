//! paiban-fonts — the fonts stage, shared by both exporters.
//!
//! Input: a [`FontConfig`] (bundled faces from `fonts/`, user overrides, fallbacks) and an
//! [`paiban_model::Edition`]. Output: a loaded [`FontSet`] (faces per [`Role`], parsed once),
//! a coverage report (every character resolved through its role's chain, or an error naming
//! the character, its code point and the file:line), and per-edition [`EditionFonts`]: one
//! subset per face used, made once and shared by the EPUB and PDF exporters.

#![forbid(unsafe_code)]

mod face;
mod set;

pub use face::{Face, FontError};
pub use set::{FontConfig, FontSet, Role, role_of};

use paiban_model::{Diagnostic, Edition};

/// The fonts of one edition: per role, the faces of the chain that the edition uses,
/// each as a standalone subset font file (TrueType, not obfuscated).
#[derive(Debug, Clone)]
pub struct EditionFonts {
    /// The subsets, in role order (body, heading, display), primary face first in a role.
    pub faces: Vec<SubsetFace>,
    /// Coverage problems found (errors unless downgraded to warnings).
    pub diagnostics: Vec<Diagnostic>,
}

/// One subset face: which role and chain position it serves, and the subset font.
#[derive(Debug, Clone)]
pub struct SubsetFace {
    /// The role this face serves.
    pub role: Role,
    /// Position in the role's chain (0 = the role's own face, 1.. = fallbacks).
    pub chain_index: usize,
    /// The subset font: a real TrueType/OpenType file whose cmap covers `chars`.
    pub face: Face,
    /// The full face the subset was made from (for writers that subset themselves).
    pub source: Face,
    /// The characters this face sets for this edition, sorted.
    pub chars: Vec<char>,
}

impl EditionFonts {
    /// Resolve every character of `edition` (plus `extra` text the exporters generate, e.g.
    /// "第1版", "目录", per role) through the chains of `fonts`, and subset each face used.
    pub fn prepare(
        fonts: &FontSet,
        edition: &Edition,
        extra: &[(Role, &str)],
    ) -> Result<EditionFonts, FontError> {
        set::prepare(fonts, edition, extra)
    }

    /// The subset faces serving `role`, in chain order.
    pub fn chain(&self, role: Role) -> impl Iterator<Item = &SubsetFace> {
        self.faces.iter().filter(move |f| f.role == role)
    }
}
