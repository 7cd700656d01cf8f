//! paiban-fonts — the fonts stage, shared by both exporters.
//!
//! Input: a [`FontConfig`] (bundled faces from `fonts/` or compiled into the program, user
//! overrides, fallbacks) and an [`paiban_model::Edition`]. Output: a loaded [`FontSet`]
//! (faces per [`Role`], each file read once, cheap to clone, `Send + Sync`), coverage (every
//! character resolved through its role's chain, or [`FontError::MissingGlyph`] naming the
//! character, its code point and the file:line), and per-edition [`EditionFonts`]: one subset
//! per face used, made once and shared by the EPUB and PDF exporters.
//!
//! Modules: `set` (roles, configuration, loading), `locate` (the faces found on the machine:
//! Traditional-form and last-resort faces), `face` (one face and its errors),
//! `coverage` (resolution, [`replace_missing`], [`missing_glyphs`]), `subset` (subsets with
//! skera, OpenType layout kept).
//!
//! ```no_run
//! use paiban_fonts::{EditionFonts, FontSet, Role};
//! # fn run(mut edition: paiban_model::Edition) -> Result<(), paiban_fonts::FontError> {
//! let fonts = FontSet::bundled()?;
//! // With --allow-missing-glyphs: draw uncovered characters as 〓 and warn where.
//! let warnings = paiban_fonts::replace_missing(&mut edition, &fonts);
//! let prepared = EditionFonts::prepare(&fonts, &edition, &[(Role::Body, "目录")])?;
//! for face in prepared.chain(Role::Body) {
//!     // A standalone TrueType file with its OpenType layout: embed it in the EPUB.
//!     let _bytes: &[u8] = face.face.data();
//!     // The full face: shape the PDF with it and give it to its writer.
//!     let _full: &[u8] = face.source.data();
//! }
//! # let _ = warnings; Ok(()) }
//! ```

// One audited `unsafe` (the read-only font map in `bytes.rs`); every other crate forbids it.
#![deny(unsafe_code)]

mod bytes;
mod coverage;
mod face;
pub mod locate;
mod set;
mod subset;

pub use bytes::FontBytes;
pub use coverage::{
    REPLACEMENTS, is_ignorable, is_private_use, missing_glyphs, replace_missing,
    replace_private_use,
};
pub use face::{Face, FontError};
pub use set::{EmbeddedFaces, FontConfig, FontSet, Role, role_of};
pub use subset::FEATURES as SUBSET_FEATURES;

use paiban_model::{Diagnostic, Edition};

/// The fonts of one edition: per role, the faces of the chain that the edition uses,
/// each as a standalone subset font file (TrueType, not obfuscated).
#[derive(Debug, Clone)]
pub struct EditionFonts {
    /// The subsets, in role order (body, heading, display), primary face first in a role.
    pub faces: Vec<SubsetFace>,
    /// Notes on how the edition is covered: one per fallback face used (`font-fallback`),
    /// naming the file and the characters it sets. Uncovered characters are not here: they
    /// are an error of [`EditionFonts::prepare`] (or warnings of [`replace_missing`]).
    pub diagnostics: Vec<Diagnostic>,
}

/// One subset face: which role and chain position it serves, and the subset font.
#[derive(Debug, Clone)]
pub struct SubsetFace {
    /// The role this face serves.
    pub role: Role,
    /// Position in the role's chain (0 = the role's own face, 1.. = fallbacks).
    pub chain_index: usize,
    /// The subset font, for books that embed font files (the EPUB): a standalone TrueType
    /// file (glyf outlines, not obfuscated) whose cmap maps exactly the characters its face
    /// sets in this edition (`chars` of every role it serves, plus U+0020), each to a glyph
    /// with the source's outline and advances, with the OpenType layout of
    /// [`SUBSET_FEATURES`] kept; glyph ids are the subset's own. Its `path()` is the
    /// source's (for naming), but the bytes are only in memory. A face serving several
    /// roles has one subset, shared (`Face::same_face`). Prepared with [`Subsets::Skip`], the
    /// full face itself, until [`EditionFonts::with_subsets`].
    pub face: Face,
    /// The full face the subset was made from: what the PDF shapes with and hands to its
    /// writer, which subsets it to the glyphs drawn.
    pub source: Face,
    /// The characters this face sets for this role in this edition, in code point order
    /// (whitespace it has included; control and default-ignorable characters excluded).
    pub chars: Vec<char>,
}

/// Whether [`EditionFonts::prepare_with`] makes the subset fonts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Subsets {
    /// Subset each face used (what books embedding font files need: the EPUB, kepub, AZW3).
    #[default]
    Make,
    /// No subsets: each [`SubsetFace::face`] is its full source face. For runs whose books
    /// embed no font file (the PDF shapes with and hands krilla the full faces): skera's
    /// subsetting is then work thrown away (a tenth of a PDF-only build of the real page).
    Skip,
}

impl EditionFonts {
    /// Resolve every character of `edition` (plus `extra` text the exporters generate, e.g.
    /// "第1版", "目录", per role) through the chains of `fonts`, and subset each face used.
    ///
    /// Errors: [`FontError::MissingGlyph`] for the first character (in reading order) that
    /// no face of its role covers (call [`replace_missing`] first to downgrade these);
    /// [`FontError::Subset`] for a face that cannot be subset (CFF outlines, a corrupt
    /// `glyf`), naming the file. Deterministic: the same input gives the same bytes.
    pub fn prepare(
        fonts: &FontSet,
        edition: &Edition,
        extra: &[(Role, &str)],
    ) -> Result<EditionFonts, FontError> {
        coverage::prepare(fonts, edition, extra, Subsets::Make)
    }

    /// [`EditionFonts::prepare`], making the subsets or not (see [`Subsets`]); everything
    /// else (coverage, fallback notes, errors for uncovered characters) is the same.
    pub fn prepare_with(
        fonts: &FontSet,
        edition: &Edition,
        extra: &[(Role, &str)],
        subsets: Subsets,
    ) -> Result<EditionFonts, FontError> {
        coverage::prepare(fonts, edition, extra, subsets)
    }

    /// These fonts with their subsets made, when they were prepared with [`Subsets::Skip`]:
    /// the same subsets, byte for byte, as [`EditionFonts::prepare`] makes (so a run can make
    /// them beside other work, e.g. on the EPUB's side while the PDF is set). Faces already
    /// subset are kept as they are.
    ///
    /// Errors: [`FontError::Subset`], as [`EditionFonts::prepare`].
    pub fn with_subsets(&self) -> Result<EditionFonts, FontError> {
        coverage::with_subsets(self)
    }

    /// The subset faces serving `role`, in chain order.
    pub fn chain(&self, role: Role) -> impl Iterator<Item = &SubsetFace> {
        self.faces.iter().filter(move |f| f.role == role)
    }
}
