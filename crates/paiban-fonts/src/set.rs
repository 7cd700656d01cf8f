//! Font roles, the configured chain of faces per role, and per-edition preparation.

use crate::{EditionFonts, Face, FontError, SubsetFace};
use paiban_model::{BlockKind, Edition, TextField};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

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
        TextField::Masthead | TextField::Kicker | TextField::SectionName => Role::Display,
        TextField::Headline | TextField::Block(BlockKind::Subhead) => Role::Heading,
        _ => Role::Body,
    }
}

/// Which fonts to load: the bundled folder, per-role overrides and fallbacks.
#[derive(Debug, Clone, Default)]
pub struct FontConfig {
    /// Folder of the bundled faces; `None` = [`FontConfig::default_dir`].
    pub fonts_dir: Option<PathBuf>,
    /// Replace a role's face: (role, file, face index in a collection).
    pub overrides: Vec<(Role, PathBuf, u32)>,
    /// Extra faces tried, in order, after a role's own face (for every role).
    pub fallbacks: Vec<(PathBuf, u32)>,
}

impl FontConfig {
    /// The bundled `fonts/` folder: `$PAIBAN_FONTS` if set, else the repository's `fonts/`.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("PAIBAN_FONTS") {
            return PathBuf::from(dir);
        }
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts")
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
#[derive(Debug, Clone)]
pub struct FontSet {
    chains: Vec<(Role, Vec<Face>)>,
}

impl FontSet {
    /// The bundled faces with no overrides.
    pub fn bundled() -> Result<FontSet, FontError> {
        FontSet::load(&FontConfig::default())
    }

    /// Load the faces `config` names. Each file is read once, even if it serves several roles.
    pub fn load(config: &FontConfig) -> Result<FontSet, FontError> {
        let dir = config
            .fonts_dir
            .clone()
            .unwrap_or_else(FontConfig::default_dir);
        let mut fallbacks = Vec::new();
        for (path, index) in &config.fallbacks {
            fallbacks.push(Face::from_file(path, *index)?);
        }
        let mut chains = Vec::new();
        for role in Role::ALL {
            let face = match config.overrides.iter().rev().find(|(r, _, _)| *r == role) {
                Some((_, path, index)) => Face::from_file(path, *index)?,
                None => Face::from_file(&dir.join(bundled_file(role)), 0)?,
            };
            let mut chain = vec![face];
            chain.extend(fallbacks.iter().cloned());
            chains.push((role, chain));
        }
        Ok(FontSet { chains })
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

/// Provisional preparation: resolves coverage; subsets are the whole faces for now.
pub(crate) fn prepare(
    fonts: &FontSet,
    edition: &Edition,
    extra: &[(Role, &str)],
) -> Result<EditionFonts, FontError> {
    let mut used: Vec<(Role, usize, BTreeSet<char>)> = Vec::new();
    let mut texts: Vec<(Role, &str, String)> =
        extra.iter().map(|(r, t)| (*r, *t, String::new())).collect();
    for item in edition.text_items() {
        texts.push((role_of(item.field), item.text, item.span.to_string()));
    }
    for (role, text, location) in texts {
        for c in text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
        {
            let Some((i, _)) = fonts.face_for(role, c) else {
                return Err(FontError::MissingGlyph {
                    location,
                    ch: c,
                    code: c as u32,
                    role: role.to_string(),
                });
            };
            match used.iter_mut().find(|(r, ci, _)| *r == role && *ci == i) {
                Some((_, _, set)) => {
                    set.insert(c);
                }
                None => used.push((role, i, BTreeSet::from([c]))),
            }
        }
    }
    used.sort_by_key(|(r, i, _)| (*r, *i));
    let faces = used
        .into_iter()
        .map(|(role, chain_index, chars)| SubsetFace {
            role,
            chain_index,
            face: fonts.chain(role)[chain_index].clone(),
            source: fonts.chain(role)[chain_index].clone(),
            chars: chars.into_iter().collect(),
        })
        .collect();
    Ok(EditionFonts {
        faces,
        diagnostics: Vec::new(),
    })
}
