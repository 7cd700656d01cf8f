//! The bundled faces, compiled into the binary (as typst ships its default fonts), so that a
//! copied or `cargo install`ed `paiban` needs no `fonts/` folder beside it. `--fonts-dir` and
//! `PAIBAN_FONTS` still name a folder to use instead.

use paiban_fonts::EmbeddedFaces;

/// Noto Serif SC Regular and Bold, Noto Sans SC Bold (SIL OFL 1.1, see `fonts/`).
pub static FACES: EmbeddedFaces = EmbeddedFaces {
    body: include_bytes!("../../../fonts/NotoSerifSC-Regular.ttf"),
    heading: include_bytes!("../../../fonts/NotoSerifSC-Bold.ttf"),
    display: include_bytes!("../../../fonts/NotoSansSC-Bold.ttf"),
};
