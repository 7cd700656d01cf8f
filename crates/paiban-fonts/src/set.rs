//! Font roles, the role of each field of the edition, and the configured chain of faces per
//! role.
//!
//! Input: a [`FontConfig`] (bundled folder, `--font ROLE=PATH[#INDEX]` overrides,
//! `--fallback-font PATH[#INDEX]` fallbacks). Output: a [`FontSet`] whose files are read once
//! each (a file serving several roles or faces is shared) and which is cheap to clone and
//! safe to share between threads.

use crate::bytes::FontBytes;
use crate::{Face, FontError, locate};
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
    /// Do not look for the faces paiban does not bundle (the Traditional-form faces, the
    /// last-resort faces; [`crate::locate`]) on this machine.
    pub no_system_faces: bool,
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

impl FontConfig {
    /// The `--font` override of `role` (the last one given wins).
    fn override_of(&self, role: Role) -> Option<(PathBuf, u32)> {
        self.overrides
            .iter()
            .rev()
            .find(|(r, _, _)| *r == role)
            .map(|(_, path, index)| (path.clone(), *index))
    }
}

/// The Traditional-form face of each role.
fn traditional_face(role: Role) -> locate::Wanted {
    match role {
        Role::Body => locate::SERIF_TC,
        Role::Heading => locate::SERIF_TC_BOLD,
        Role::Display => locate::SANS_TC_BOLD,
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

/// Each role's chain of faces, shared.
type Chains = Arc<Vec<(Role, Vec<Face>)>>;

/// Loaded faces per role: the role's own face first, then the fallbacks.
/// Cloning is cheap (one reference count); it is `Send + Sync`.
#[derive(Debug, Clone)]
pub struct FontSet {
    chains: Chains,
    /// The chains for Traditional editions, when their faces were found.
    traditional: Option<Chains>,
    /// The faces looked for on this machine and not loaded: (name, why).
    absent: Arc<Vec<(&'static str, String)>>,
    /// This set with the faces found on the machine, made on first use
    /// ([`FontSet::with_system_faces`]); `None` when it has them or must not look.
    system: Option<Arc<SystemFaces>>,
}

/// What [`FontSet::with_system_faces`] needs to look for the faces of the machine, once.
#[derive(Debug)]
struct SystemFaces {
    config: FontConfig,
    set: std::sync::OnceLock<FontSet>,
}

impl FontSet {
    /// The bundled faces with no overrides.
    pub fn bundled() -> Result<FontSet, FontError> {
        FontSet::load(&FontConfig::default())
    }

    /// Load the faces `config` names. The faces found on this machine ([`crate::locate`])
    /// are looked for only when an edition needs them ([`FontSet::with_system_faces`],
    /// [`FontSet::for_script`]), so an edition the named faces cover costs no search. Each
    /// file is read once, even if it serves several roles or several faces of a collection;
    /// a named face that cannot be read is an error.
    pub fn load(config: &FontConfig) -> Result<FontSet, FontError> {
        let mut set = FontSet::load_with(config, false)?;
        if !config.no_system_faces {
            set.system = Some(Arc::new(SystemFaces {
                config: config.clone(),
                set: std::sync::OnceLock::new(),
            }));
        }
        Ok(set)
    }

    /// This set with the faces found on this machine: the last-resort faces close every
    /// chain, and the Traditional-form faces make the chains of [`FontSet::for_script`]. Looked
    /// for once per loaded set, on first use; a face found that cannot be read counts as
    /// absent (the reason is kept for the message that asks for it). This set itself when it
    /// already has them or must not look.
    pub fn with_system_faces(&self) -> FontSet {
        match &self.system {
            None => self.clone(),
            Some(system) => system
                .set
                .get_or_init(|| {
                    // The named faces loaded a moment ago; should they fail now, go without.
                    FontSet::load_with(&system.config, true).unwrap_or_else(|_| FontSet {
                        system: None,
                        ..self.clone()
                    })
                })
                .clone(),
        }
    }

    /// Load the faces `config` names and, with `system`, those found on the machine.
    fn load_with(config: &FontConfig, system: bool) -> Result<FontSet, FontError> {
        let source = config.bundled_source();
        // The Simplified chain of each role, as (file, face index).
        let mut wanted: Vec<(Role, Vec<(PathBuf, u32)>)> = Vec::new();
        // The embedded faces used, by the name they go by.
        let mut embedded: Vec<(PathBuf, &'static [u8])> = Vec::new();
        for role in Role::ALL {
            let own = match config.override_of(role) {
                Some(own) => own,
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
        let mut loader = Loader::default();
        let chains = loader.chains(&wanted, &embedded)?;
        let mut set = FontSet {
            chains: Arc::new(chains),
            traditional: None,
            absent: Arc::new(Vec::new()),
            system: None,
        };
        if Role::ALL.iter().all(|&r| config.override_of(r).is_some()) {
            // The user's faces serve every script.
            set.traditional = Some(Arc::clone(&set.chains));
        }
        if system {
            set.add_system_faces(config, &embedded, &mut loader);
        }
        Ok(set)
    }

    /// Close every chain with the last-resort faces and make the Traditional chains, from
    /// the faces found on this machine; note what is absent.
    fn add_system_faces(
        &mut self,
        config: &FontConfig,
        embedded: &[(PathBuf, &'static [u8])],
        loader: &mut Loader,
    ) {
        let first = config
            .fonts_dir
            .clone()
            .or_else(|| std::env::var_os("PAIBAN_FONTS").map(PathBuf::from));
        let dirs = locate::search_path(first.as_deref());
        let all = [
            locate::HANAMIN_A,
            locate::HANAMIN_B,
            traditional_face(Role::Body),
            traditional_face(Role::Heading),
            traditional_face(Role::Display),
        ];
        let paths = locate::find_all(&dirs, &all);
        let mut absent = Vec::new();
        let mut found = |wanted: &locate::Wanted, loader: &mut Loader| -> Option<Face> {
            let path = all
                .iter()
                .zip(&paths)
                .find(|(w, _)| *w == wanted)
                .and_then(|(_, p)| p.clone());
            let reason = match path {
                None => "not found".to_string(),
                Some(path) => match loader.face(&path, 0, embedded) {
                    Ok(face) if face.has_truetype_outlines() => return Some(face),
                    Ok(_) => format!("{}: not a TrueType (glyf) font", path.display()),
                    Err(e) => e.to_string(),
                },
            };
            absent.push((wanted.name, reason));
            None
        };
        let last: Vec<Face> = [locate::HANAMIN_A, locate::HANAMIN_B]
            .iter()
            .filter_map(|w| found(w, loader))
            .map(Face::as_last_resort)
            .collect();
        let tc: Vec<(Role, Option<Face>)> = Role::ALL
            .into_iter()
            .map(|role| {
                let face = match config.override_of(role) {
                    Some(_) => None,
                    None => found(&traditional_face(role), loader),
                };
                (role, face)
            })
            .collect();
        let with_last = |chain: &[Face]| -> Vec<Face> {
            let extra: Vec<Face> = last
                .iter()
                .filter(|l| !chain.iter().any(|f| f.same_face(l)))
                .cloned()
                .collect();
            [chain, &extra].concat()
        };
        let chains: Vec<(Role, Vec<Face>)> = self
            .chains
            .iter()
            .map(|(r, c)| (*r, with_last(c)))
            .collect();
        let complete = Role::ALL.iter().all(|&role| {
            config.override_of(role).is_some() || tc.iter().any(|(r, f)| *r == role && f.is_some())
        });
        if complete {
            let traditional = chains
                .iter()
                .map(|(role, chain)| {
                    let mut own: Vec<Face> = tc
                        .iter()
                        .filter(|(r, _)| r == role)
                        .filter_map(|(_, f)| f.clone())
                        .collect();
                    own.extend(chain.iter().cloned());
                    (*role, own)
                })
                .collect();
            self.traditional = Some(Arc::new(traditional));
        }
        self.chains = Arc::new(chains);
        self.absent = Arc::new(absent);
    }

    /// The faces for an edition written in Traditional characters (`traditional`: the
    /// Traditional-form faces first, then the Simplified ones, the fallbacks and the
    /// last-resort faces, [`FontSet::with_system_faces`]) or in Simplified ones (this set).
    /// Cheap: the faces are shared.
    ///
    /// Errors: [`FontError::NotInstalled`] when a Traditional-form face is wanted but was not
    /// found on this machine, saying how to install it.
    pub fn for_script(&self, traditional: bool) -> Result<FontSet, FontError> {
        if !traditional {
            return Ok(self.clone());
        }
        let all = self.with_system_faces();
        match &all.traditional {
            Some(chains) => Ok(FontSet {
                chains: Arc::clone(chains),
                traditional: Some(Arc::clone(chains)),
                absent: Arc::clone(&all.absent),
                system: None,
            }),
            None => {
                let missing: Vec<String> = all
                    .absent
                    .iter()
                    .filter(|(name, _)| name.contains(" TC "))
                    .map(|(name, why)| format!("{name} ({why})"))
                    .collect();
                Err(FontError::NotInstalled {
                    faces: if missing.is_empty() {
                        "the Traditional-form faces (the search for system faces is off)".into()
                    } else {
                        missing.join(", ")
                    },
                    help: locate::INSTALL_TC,
                })
            }
        }
    }

    /// How to get a face for `c` when no face of the set has it: the last-resort faces'
    /// install instructions for a CJK extension ideograph when they were not found.
    pub fn install_hint(&self, c: char) -> Option<&'static str> {
        let hana_absent = self
            .absent
            .iter()
            .any(|(name, _)| name.starts_with("HanaMin"));
        (hana_absent && locate::is_last_resort_char(c)).then_some(locate::INSTALL_HANAZONO)
    }

    /// Whether `self` and `other` hold the same chains (the same loaded faces).
    pub fn same_faces(&self, other: &FontSet) -> bool {
        Arc::ptr_eq(&self.chains, &other.chains)
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

/// Loads faces, each file once (a file serving several roles or faces is shared): files are
/// memory-mapped (or read), embedded faces taken as they are, so only the pages an edition
/// touches are ever read.
#[derive(Default)]
struct Loader {
    files: Vec<(PathBuf, FontBytes)>,
    faces: Vec<Face>,
}

impl Loader {
    /// The chains of `wanted`, as faces.
    fn chains(
        &mut self,
        wanted: &[(Role, Vec<(PathBuf, u32)>)],
        embedded: &[(PathBuf, &'static [u8])],
    ) -> Result<Vec<(Role, Vec<Face>)>, FontError> {
        wanted
            .iter()
            .map(|(role, chain)| {
                let faces = chain
                    .iter()
                    .map(|(path, index)| self.face(path, *index, embedded))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((*role, faces))
            })
            .collect()
    }

    /// Face `index` of the file `path` (or of the embedded face named so).
    fn face(
        &mut self,
        path: &Path,
        index: u32,
        embedded: &[(PathBuf, &'static [u8])],
    ) -> Result<Face, FontError> {
        if let Some(face) = self
            .faces
            .iter()
            .find(|f| f.path() == path && f.index() == index)
        {
            return Ok(face.clone());
        }
        let data = match self.files.iter().find(|(p, _)| p == path) {
            Some((_, data)) => Arc::clone(data),
            None => {
                let data: FontBytes = match embedded.iter().find(|(name, _)| name == path) {
                    Some((_, bytes)) => Arc::new(*bytes),
                    None => crate::bytes::load(path).map_err(|source| FontError::Read {
                        path: path.to_path_buf(),
                        source,
                    })?,
                };
                self.files.push((path.to_path_buf(), Arc::clone(&data)));
                data
            }
        };
        let face = Face::from_shared(data, index, path.to_path_buf())?;
        self.faces.push(face.clone());
        Ok(face)
    }
}
