//! A font face: its bytes (shared, loaded once), its index in a collection, and metrics.

use crate::bytes::FontBytes;
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
    #[error("{location}: character '{ch}' (U+{code:04X}) is not in any font for {role}{hint}")]
    MissingGlyph {
        /// Where the character occurs (file:line).
        location: String,
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
        /// The role (body, heading, display).
        role: String,
        /// How to install a face that has it (`; install …`), or empty.
        hint: String,
    },
    /// The edition needs faces that paiban does not bundle and that are not on this machine.
    #[error("this edition needs {faces}: {help}")]
    NotInstalled {
        /// The faces and why each was not loaded.
        faces: String,
        /// How to install them.
        help: &'static str,
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
    data: FontBytes,
    index: u32,
    path: PathBuf,
    family: String,
    units_per_em: u16,
    ascender: i16,
    descender: i16,
    /// A last-resort face: it sets only CJK extension ideographs and symbols
    /// ([`crate::locate::is_last_resort_char`]), whatever else it maps.
    last_resort: bool,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("path", &self.path)
            .field("index", &self.index)
            .field("family", &self.family)
            .field("bytes", &self.data().len())
            .finish()
    }
}

impl Face {
    /// Load face `index` of the font file at `path` (TTF, OTF, or a TTC/OTC collection).
    ///
    /// A missing or unreadable file is [`FontError::Read`]; a file that is not a font, or an
    /// `index` beyond the faces of a collection (or non-zero for a single font), is
    /// [`FontError::Parse`] naming the file and, for a collection, how many faces it holds.
    pub fn from_file(path: &Path, index: u32) -> Result<Face, FontError> {
        let data = crate::bytes::load(path).map_err(|source| FontError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Face::from_shared(data, index, path.to_path_buf())
    }

    /// A face from bytes already in memory; `path` names it in messages.
    pub fn from_bytes(data: Arc<Vec<u8>>, index: u32, path: PathBuf) -> Result<Face, FontError> {
        Face::from_shared(data, index, path)
    }

    /// A face from shared bytes (a memory map or a buffer); `path` names it in messages.
    pub fn from_shared(data: FontBytes, index: u32, path: PathBuf) -> Result<Face, FontError> {
        let bytes: &[u8] = (*data).as_ref();
        let parse_error = |reason: String| FontError::Parse {
            path: path.clone(),
            index,
            reason,
        };
        let parsed = ttf_parser::Face::parse(bytes, index).map_err(|e| {
            parse_error(match (e, ttf_parser::fonts_in_collection(bytes)) {
                (ttf_parser::FaceParsingError::FaceIndexOutOfBounds, Some(n)) => format!(
                    "face index {index} is out of range: the collection holds {n} faces (#0..#{})",
                    n.saturating_sub(1)
                ),
                (ttf_parser::FaceParsingError::FaceIndexOutOfBounds, None) => format!(
                    "face index {index} given, but the file is a single font, not a collection \
                     (use #0 or no index)"
                ),
                (ttf_parser::FaceParsingError::UnknownMagic, _) => {
                    "not a TrueType/OpenType font or collection (unknown file signature)".into()
                }
                (e, _) => e.to_string(),
            })
        })?;
        let records = parsed.raw_face().table_records;
        if let Some(r) = records
            .into_iter()
            .find(|r| u64::from(r.offset) + u64::from(r.length) > bytes.len() as u64)
        {
            return Err(parse_error(format!(
                "the '{}' table lies beyond the end of the file ({} bytes): truncated?",
                r.tag,
                bytes.len()
            )));
        }
        if parsed.number_of_glyphs() == 0 || parsed.tables().cmap.is_none() {
            return Err(parse_error(
                "the font has no glyphs or no cmap table".into(),
            ));
        }
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
            last_resort: false,
        })
    }

    /// This face as a last-resort face: it sets only CJK extension ideographs and symbols.
    pub fn as_last_resort(mut self) -> Face {
        self.last_resort = true;
        self
    }

    /// Whether this is a last-resort face ([`Face::as_last_resort`]).
    pub fn is_last_resort(&self) -> bool {
        self.last_resort
    }

    /// Whether the face sets `c`: it maps it and, for a last-resort face, `c` is a CJK
    /// extension ideograph or symbol ([`crate::locate::is_last_resort_char`]). `parsed` is this face, parsed (see [`Face::parse`]).
    pub fn sets(&self, parsed: &ttf_parser::Face<'_>, c: char) -> bool {
        (!self.last_resort || crate::locate::is_last_resort_char(c))
            && parsed.glyph_index(c).is_some()
    }

    /// The font file's bytes (the whole file, also for a collection).
    pub fn data(&self) -> &[u8] {
        (*self.data).as_ref()
    }

    /// The face's table directory, as bytes: each table's tag, checksum, offset and length
    /// (OpenType's checksums cover every byte of every table). With the file's length it
    /// tells one version of a face from another without reading all of it (hashing 40 MB of
    /// faces took longer than building a page). `None` when the directory cannot be read.
    pub fn table_directory(&self) -> Option<Vec<u8>> {
        let raw = ttf_parser::RawFace::parse(self.data(), self.index).ok()?;
        let mut out = Vec::with_capacity(16 * usize::from(raw.table_records.len()));
        for r in raw.table_records {
            out.extend_from_slice(&r.tag.to_bytes());
            out.extend_from_slice(&r.check_sum.to_be_bytes());
            out.extend_from_slice(&r.offset.to_be_bytes());
            out.extend_from_slice(&r.length.to_be_bytes());
        }
        Some(out)
    }

    /// The shared bytes, for writers that keep their own reference.
    pub fn shared_data(&self) -> FontBytes {
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
        match ttf_parser::Face::parse(self.data(), self.index) {
            Ok(f) => f,
            Err(_) => unreachable!("face bytes validated at load"),
        }
    }

    /// Whether `self` and `other` are the same face of the same loaded bytes.
    pub fn same_face(&self, other: &Face) -> bool {
        Arc::ptr_eq(&self.data, &other.data) && self.index == other.index
    }

    /// Whether the face sets `c` (see [`Face::sets`]).
    ///
    /// This parses the face on each call; to test many characters, call [`Face::parse`]
    /// once and use `glyph_index` on the result.
    pub fn has_char(&self, c: char) -> bool {
        self.sets(&self.parse(), c)
    }

    /// Whether the face has TrueType (`glyf`) outlines, which paiban can subset and embed.
    /// A CFF-outline OpenType font loads, but [`crate::EditionFonts::prepare`] refuses it.
    pub fn has_truetype_outlines(&self) -> bool {
        crate::subset::has_glyf_outlines(&self.parse())
    }

    /// Horizontal advance of the glyph `c` maps to, in design units.
    pub fn advance(&self, c: char) -> Option<u16> {
        let face = self.parse();
        face.glyph_hor_advance(face.glyph_index(c)?)
    }

    /// The faces in the file: the number of faces of a collection, 1 for a single font.
    pub fn faces_in_file(&self) -> u32 {
        ttf_parser::fonts_in_collection(self.data()).unwrap_or(1)
    }
}
