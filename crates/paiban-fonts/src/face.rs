//! A font face: its bytes (shared, loaded once), its index in a collection, and metrics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Errors of the fonts stage; each names the font file or the character and where it is used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// A font file could not be read.
    #[error("{path}: cannot read font: {source}")]
    Read {
        /// The font file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A font file is not a usable TrueType/OpenType font.
    #[error("{path}: not a usable font (face #{index}): {reason}")]
    Parse {
        /// The font file.
        path: PathBuf,
        /// Face index inside a collection.
        index: u32,
        /// What is wrong.
        reason: String,
    },
    /// A character of the edition is in no face of its role's chain.
    #[error("{location}: character '{ch}' (U+{code:04X}) is not in any font for {role}")]
    MissingGlyph {
        /// Where the character occurs (file:line).
        location: String,
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
        /// The role (body, heading, display).
        role: String,
    },
    /// Subsetting a face failed.
    #[error("{path}: cannot subset font: {reason}")]
    Subset {
        /// The font file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
}

/// A loaded font face. Cloning is cheap: the bytes are shared.
#[derive(Clone)]
pub struct Face {
    data: Arc<Vec<u8>>,
    index: u32,
    path: PathBuf,
    family: String,
    units_per_em: u16,
    ascender: i16,
    descender: i16,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("path", &self.path)
            .field("index", &self.index)
            .field("family", &self.family)
            .field("bytes", &self.data.len())
            .finish()
    }
}

impl Face {
    /// Load face `index` of the font file at `path` (TTF, OTF, or a TTC collection).
    pub fn from_file(path: &Path, index: u32) -> Result<Face, FontError> {
        let data = std::fs::read(path).map_err(|source| FontError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Face::from_bytes(Arc::new(data), index, path.to_path_buf())
    }

    /// A face from bytes already in memory; `path` names it in messages.
    pub fn from_bytes(data: Arc<Vec<u8>>, index: u32, path: PathBuf) -> Result<Face, FontError> {
        let parsed = ttf_parser::Face::parse(&data, index).map_err(|e| FontError::Parse {
            path: path.clone(),
            index,
            reason: e.to_string(),
        })?;
        let family = parsed
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| {
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        let (units_per_em, ascender, descender) =
            (parsed.units_per_em(), parsed.ascender(), parsed.descender());
        Ok(Face {
            data,
            index,
            path,
            family,
            units_per_em,
            ascender,
            descender,
        })
    }

    /// The font file's bytes (the whole file, also for a collection).
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The shared bytes, for writers that keep their own reference.
    pub fn shared_data(&self) -> Arc<Vec<u8>> {
        Arc::clone(&self.data)
    }

    /// Index of the face inside a collection (0 for a single-face file).
    pub fn index(&self) -> u32 {
        self.index
    }

    /// Where the face came from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The family name from the `name` table.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Design units per em.
    pub fn units_per_em(&self) -> u16 {
        self.units_per_em
    }

    /// Typographic ascender in design units.
    pub fn ascender(&self) -> i16 {
        self.ascender
    }

    /// Typographic descender in design units (negative).
    pub fn descender(&self) -> i16 {
        self.descender
    }

    /// Parse the face for detailed queries (cheap: tables are read lazily).
    pub fn parse(&self) -> ttf_parser::Face<'_> {
        // The bytes were parsed successfully when the Face was made and never change.
        match ttf_parser::Face::parse(&self.data, self.index) {
            Ok(f) => f,
            Err(_) => unreachable!("face bytes validated at load"),
        }
    }

    /// Whether the face maps `c` to a glyph.
    pub fn has_char(&self, c: char) -> bool {
        self.parse().glyph_index(c).is_some()
    }
}
