//! Font roles, the role of each field of the edition, and the configured chain of faces per
//! role.
//!
//! Input: a [`FontConfig`] (bundled folder, `--font ROLE=PATH[#INDEX]` overrides,
//! `--fallback-font PATH[#INDEX]` fallbacks). Output: a [`FontSet`] whose files are read once
//! each (a file serving several roles or faces is shared) and which is cheap to clone and
//! safe to share between threads.

use crate::bytes::FontBytes;
use crate::{Face, FontError};
use paiban_model::{BlockKind, TextField};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a face is used for. Every piece of text is set in exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Body text: Noto Serif SC Regular.
    Body,
    /// Headlines and subheads: Noto Serif SC Bold.
    Heading,
    /// Masthead, kickers, page names: Noto Sans SC Bold.
    Display,
}

impl Role {
    /// All roles, in order.
    pub const ALL: [Role; 3] = [Role::Body, Role::Heading, Role::Display];

    /// The role's name as used on the command line (`--font body=PATH`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::Heading => "heading",
            Role::Display => "display",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The role each field of the edition is set in. Both exporters use this mapping.
pub fn role_of(field: TextField) -> Role {
    match field {
        // The dateline runs into the lead paragraph in bold sans (黑体), as papers set it.
        TextField::Masthead | TextField::Kicker | TextField::SectionName | TextField::Dateline => {
            Role::Display
        }
        TextField::Headline | TextField::Block(BlockKind::Subhead) => Role::Heading,
        _ => Role::Body,
    }
}

/// Which fonts to load: the bundled faces (a folder, or faces compiled into the program),
/// per-role overrides and fallbacks.
#[derive(Debug, Clone, Default)]
pub struct FontConfig {
    /// Folder of the bundled faces; `None` = `$PAIBAN_FONTS`, else [`FontConfig::embedded`],
    /// else the repository's `fonts/` ([`FontConfig::default_dir`]).
    pub fonts_dir: Option<PathBuf>,
    /// The bundled faces compiled into the program (`include_bytes!`), used when no folder is
    /// named, so that an installed binary needs no files beside it.
    pub embedded: Option<&'static EmbeddedFaces>,
    /// Replace a role's face: (role, file, face index in a collection).
    pub overrides: Vec<(Role, PathBuf, u32)>,
    /// Extra faces tried, in order, after a role's own face (for every role).
    pub fallbacks: Vec<(PathBuf, u32)>,
}

/// The three bundled faces as bytes compiled into a program. The library never embeds them
/// itself (40 MB in every test binary); the `paiban` binary does.
#[derive(Debug)]
pub struct EmbeddedFaces {
    /// `NotoSerifSC-Regular.ttf`.
    pub body: &'static [u8],
    /// `NotoSerifSC-Bold.ttf`.
    pub heading: &'static [u8],
    /// `NotoSansSC-Bold.ttf`.
    pub display: &'static [u8],
}

impl EmbeddedFaces {
    fn of(&self, role: Role) -> &'static [u8] {
        match role {
            Role::Body => self.body,
            Role::Heading => self.heading,
            Role::Display => self.display,
        }
    }
}

/// The name an embedded face goes by in messages (`bundled:NotoSerifSC-Regular.ttf`).
const EMBEDDED_PREFIX: &str = "bundled:";

impl FontConfig {
    /// The bundled `fonts/` folder: `$PAIBAN_FONTS` if set, else the repository's `fonts/`.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("PAIBAN_FONTS") {
            return PathBuf::from(dir);
        }
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts")
    }

    /// Where the bundled faces come from: a folder, or the embedded faces.
    fn bundled_source(&self) -> Result<PathBuf, &'static EmbeddedFaces> {
        if let Some(dir) = &self.fonts_dir {
            return Ok(dir.clone());
        }
        match self.embedded {
            Some(faces) if std::env::var_os("PAIBAN_FONTS").is_none() => Err(faces),
            _ => Ok(FontConfig::default_dir()),
        }
    }
}

/// The bundled file for each role.
fn bundled_file(role: Role) -> &'static str {
    match role {
        Role::Body => "NotoSerifSC-Regular.ttf",
        Role::Heading => "NotoSerifSC-Bold.ttf",
        Role::Display => "NotoSansSC-Bold.ttf",
    }
}

/// Loaded faces per role: the role's own face first, then the fallbacks.
/// Cloning is cheap (one reference count); it is `Send + Sync`.
#[derive(Debug, Clone)]
pub struct FontSet {
    chains: Arc<Vec<(Role, Vec<Face>)>>,
}

impl FontSet {
    /// The bundled faces with no overrides.
    pub fn bundled() -> Result<FontSet, FontError> {
        FontSet::load(&FontConfig::default())
    }

    /// Load the faces `config` names. Each file is read once, even if it serves several roles
    /// or several faces of a collection; the files are read in parallel.
    pub fn load(config: &FontConfig) -> Result<FontSet, FontError> {
        let source = config.bundled_source();
        // What each role's chain is made of, as (file, face index).
        let mut wanted: Vec<(Role, Vec<(PathBuf, u32)>)> = Vec::new();
        // The embedded faces used, by the name they go by.
        let mut embedded: Vec<(PathBuf, &'static [u8])> = Vec::new();
        for role in Role::ALL {
            let own = match config.overrides.iter().rev().find(|(r, _, _)| *r == role) {
                Some((_, path, index)) => (path.clone(), *index),
                None => match &source {
                    Ok(dir) => (dir.join(bundled_file(role)), 0),
                    Err(faces) => {
                        let name =
                            PathBuf::from(format!("{EMBEDDED_PREFIX}{}", bundled_file(role)));
                        embedded.push((name.clone(), faces.of(role)));
                        (name, 0)
                    }
                },
            };
            let mut chain = vec![own];
            chain.extend(config.fallbacks.iter().cloned());
            wanted.push((role, chain));
        }
        let mut files: Vec<PathBuf> = Vec::new();
        for (_, chain) in &wanted {
            for (path, _) in chain {
                if !files.contains(path) {
                    files.push(path.clone());
                }
            }
        }
        let bytes = read_all(&files, &embedded)?;
        let mut faces: Vec<Face> = Vec::new();
        let mut chains = Vec::with_capacity(wanted.len());
        for (role, chain) in wanted {
            let mut loaded = Vec::with_capacity(chain.len());
            for (path, index) in chain {
                let face = match faces
                    .iter()
                    .find(|f| f.path() == path && f.index() == index)
                {
                    Some(face) => face.clone(),
                    None => {
                        let data = files
                            .iter()
                            .zip(&bytes)
                            .find(|(p, _)| **p == path)
                            .map(|(_, d)| Arc::clone(d))
                            .unwrap_or_else(|| Arc::new(Vec::new()));
                        let face = Face::from_shared(data, index, path)?;
                        faces.push(face.clone());
                        face
                    }
                };
                loaded.push(face);
            }
            chains.push((role, loaded));
        }
        Ok(FontSet {
            chains: Arc::new(chains),
        })
    }

    /// The chain of faces for `role`: its own face first, then fallbacks.
    pub fn chain(&self, role: Role) -> &[Face] {
        self.chains
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| c.as_slice())
            .unwrap_or(&[])
    }

    /// The first face of `role`'s chain that covers `c`, with its chain position.
    pub fn face_for(&self, role: Role, c: char) -> Option<(usize, &Face)> {
        self.chain(role)
            .iter()
            .enumerate()
            .find(|(_, f)| f.has_char(c))
    }
}

/// Map (or read) `files`, or take the `embedded` bytes named so: only the pages an edition
/// touches are ever read.
fn read_all(
    files: &[PathBuf],
    embedded: &[(PathBuf, &'static [u8])],
) -> Result<Vec<FontBytes>, FontError> {
    files
        .iter()
        .map(|path| {
            if let Some((_, bytes)) = embedded.iter().find(|(name, _)| name == path) {
                let shared: FontBytes = Arc::new(*bytes);
                return Ok(shared);
            }
            crate::bytes::load(path).map_err(|source| FontError::Read {
                path: path.clone(),
                source,
            })
        })
        .collect()
}
