//! The faces paiban does not bundle, found on the user's machine: the Traditional-form faces
//! (Noto Serif TC, Noto Sans TC) and the last-resort faces for CJK extension ideographs
//! and the symbols the bundled faces lack (HanaMinA, HanaMinB).
//!
//! They are 7–30 MB each, too big for the repository and the binary, and only some editions
//! need them. Input: the folders of [`search_path`]. Output: the path of each wanted file,
//! by its file name ([`Wanted`]), or the instructions to install what is missing
//! ([`install_hint`]).
//!
//! Search order: the `--fonts-dir` folder (or `$PAIBAN_FONTS`), each folder of
//! `$PAIBAN_FONT_PATH` (separated like `PATH`), then the system's font folders
//! (`$XDG_DATA_HOME/fonts`, `~/.local/share/fonts`, `~/.fonts`, `/usr/local/share/fonts`,
//! `/usr/share/fonts`, `~/Library/Fonts`, `/Library/Fonts`, `%WINDIR%\Fonts`), each searched
//! to [`MAX_DEPTH`] folders deep, names in byte order; the first file found wins.

use std::path::{Path, PathBuf};

/// How deep below a search folder files are looked for (`/usr/share/fonts/truetype/x/`).
pub const MAX_DEPTH: usize = 4;

/// A face paiban looks for: the file names it goes by (Google Fonts' static files, and the
/// npm `@expo-google-fonts/*` packages' names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    /// What it is, for messages.
    pub name: &'static str,
    /// Its file names, any of which will do.
    pub files: &'static [&'static str],
}

/// Noto Serif TC Regular: the body face of Traditional editions.
pub const SERIF_TC: Wanted = Wanted {
    name: "Noto Serif TC Regular",
    files: &["NotoSerifTC-Regular.ttf", "NotoSerifTC_400Regular.ttf"],
};
/// Noto Serif TC Bold: the heading face of Traditional editions.
pub const SERIF_TC_BOLD: Wanted = Wanted {
    name: "Noto Serif TC Bold",
    files: &["NotoSerifTC-Bold.ttf", "NotoSerifTC_700Bold.ttf"],
};
/// Noto Sans TC Bold: the display face of Traditional editions.
pub const SANS_TC_BOLD: Wanted = Wanted {
    name: "Noto Sans TC Bold",
    files: &["NotoSansTC-Bold.ttf", "NotoSansTC_700Bold.ttf"],
};
/// HanaMinA: CJK Unified Ideographs, extension A and part of B.
pub const HANAMIN_A: Wanted = Wanted {
    name: "HanaMinA",
    files: &["HanaMinA.ttf"],
};
/// HanaMinB: CJK extensions B to F.
pub const HANAMIN_B: Wanted = Wanted {
    name: "HanaMinB",
    files: &["HanaMinB.ttf"],
};

/// How to install the Traditional faces.
pub const INSTALL_TC: &str = "install Noto Serif TC and Noto Sans TC as TrueType files: \
     `npm pack @expo-google-fonts/noto-serif-tc@0.4.3 @expo-google-fonts/noto-sans-tc@0.4.3`, \
     then put NotoSerifTC_400Regular.ttf, NotoSerifTC_700Bold.ttf and NotoSansTC_700Bold.ttf \
     from the archives into ~/.local/share/fonts or a folder named by $PAIBAN_FONT_PATH \
     (or give `--font ROLE=PATH` for each role)";

/// How to install the last-resort faces.
pub const INSTALL_HANAZONO: &str = "install the HanaMin faces: `apt install fonts-hanazono` \
     (Debian, Ubuntu), or put HanaMinA.ttf and HanaMinB.ttf from https://glyphwiki.org/hanazono/ \
     into ~/.local/share/fonts or a folder named by $PAIBAN_FONT_PATH";

/// The folders searched, in order: `first` (the `--fonts-dir` folder or `$PAIBAN_FONTS`),
/// `$PAIBAN_FONT_PATH`, then the system's font folders. Folders that do not exist are kept
/// (they are skipped when searched).
pub fn search_path(first: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = first.map(Path::to_path_buf).into_iter().collect();
    if let Some(list) = std::env::var_os("PAIBAN_FONT_PATH") {
        dirs.extend(std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(data) = std::env::var_os("XDG_DATA_HOME") {
        dirs.push(PathBuf::from(data).join("fonts"));
    }
    if let Some(home) = &home {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    dirs.push("/usr/local/share/fonts".into());
    dirs.push("/usr/share/fonts".into());
    if let Some(home) = &home {
        dirs.push(home.join("Library/Fonts"));
    }
    dirs.push("/Library/Fonts".into());
    if let Some(windir) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(windir).join("Fonts"));
    }
    dirs
}

/// The first file of each of `wanted` in `dirs` (in the order of [`search_path`]), found in
/// one walk of the folders that stops once every face is found.
pub fn find_all(dirs: &[PathBuf], wanted: &[Wanted]) -> Vec<Option<PathBuf>> {
    let mut found: Vec<Option<PathBuf>> = vec![None; wanted.len()];
    for dir in dirs {
        if found.iter().all(Option::is_some) {
            break;
        }
        walk(dir, wanted, &mut found, MAX_DEPTH);
    }
    found
}

/// The first file of `wanted` in `dirs` ([`find_all`] of one face).
pub fn find(dirs: &[PathBuf], wanted: &Wanted) -> Option<PathBuf> {
    find_all(dirs, std::slice::from_ref(wanted)).pop().flatten()
}

/// Fill the unfound entries of `found` from `dir` and below it (to `depth` levels): names in
/// byte order at each level, files before subfolders; hidden entries are skipped and
/// symlinked folders not followed.
fn walk(dir: &Path, wanted: &[Wanted], found: &mut [Option<PathBuf>], depth: usize) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::ffi::OsString, bool)> = read
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
        .filter_map(|e| Some((e.file_name(), e.file_type().ok()?.is_dir())))
        .collect();
    entries.sort_unstable();
    for (name, _) in entries.iter().filter(|(_, is_dir)| !is_dir) {
        for (slot, w) in found.iter_mut().zip(wanted) {
            if slot.is_none() && w.files.iter().any(|f| name == std::ffi::OsStr::new(f)) {
                *slot = Some(dir.join(name));
            }
        }
    }
    if depth == 0 {
        return;
    }
    for (name, _) in entries.iter().filter(|(_, is_dir)| *is_dir) {
        if found.iter().all(Option::is_some) {
            return;
        }
        walk(&dir.join(name), wanted, found, depth - 1);
    }
}

/// Whether a last-resort face may set `c`: a CJK ideograph beyond the Unified Ideographs
/// block (extensions A–I, compatibility ideographs and their supplement), or a symbol or
/// punctuation mark of the blocks CJK text draws on (General Punctuation to Miscellaneous
/// Symbols and Arrows, CJK Symbols to CJK Compatibility, the vertical and small forms): what
/// the body faces lack in historic pages (𨵿 U+28D7F, ◘ U+25D8). Letters of other scripts are
/// not: a Tangut or Latin letter missing from the faces stays an error.
pub fn is_last_resort_char(c: char) -> bool {
    matches!(u32::from(c),
        0x2000..=0x2BFF | 0x2E80..=0x33FF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE4F | 0x20000..=0x2FFFF | 0x30000..=0x323AF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_found_below_a_folder_first_match_wins() {
        let dir = std::env::temp_dir().join(format!("paiban-locate-{}", std::process::id()));
        let deep = dir.join("a/truetype/hanazono");
        std::fs::create_dir_all(&deep).expect("dirs");
        std::fs::create_dir_all(dir.join("b")).expect("dirs");
        std::fs::write(deep.join("HanaMinA.ttf"), b"x").expect("write");
        std::fs::write(dir.join("b/NotoSerifTC_400Regular.ttf"), b"x").expect("write");
        std::fs::write(dir.join("NotoSerifTC-Regular.ttf"), b"x").expect("write");
        let dirs = vec![dir.join("missing"), dir.clone()];
        assert_eq!(find(&dirs, &HANAMIN_A), Some(deep.join("HanaMinA.ttf")));
        // A file in the folder itself comes before one in a subfolder.
        assert_eq!(
            find(&dirs, &SERIF_TC),
            Some(dir.join("NotoSerifTC-Regular.ttf"))
        );
        assert_eq!(find(&dirs, &HANAMIN_B), None);
        let mut slot = vec![None];
        walk(&dir, &[HANAMIN_A], &mut slot, 1);
        assert_eq!(slot, [None], "too deep");
        let all = find_all(&dirs, &[HANAMIN_B, SERIF_TC, HANAMIN_A]);
        assert_eq!(all[1], Some(dir.join("NotoSerifTC-Regular.ttf")));
        assert_eq!(all[2], Some(deep.join("HanaMinA.ttf")));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_search_path_starts_with_the_named_folder_and_ends_with_the_system() {
        let dirs = search_path(Some(Path::new("/x")));
        assert_eq!(dirs.first(), Some(&PathBuf::from("/x")));
        assert!(dirs.contains(&PathBuf::from("/usr/share/fonts")));
    }

    #[test]
    fn the_last_resort_sets_extension_ideographs_and_symbols_not_letters() {
        for c in [
            '\u{28D7F}',
            '\u{2404B}',
            '\u{3400}',
            '\u{F900}',
            '\u{31350}',
            '◘',
            '〓',
        ] {
            assert!(is_last_resort_char(c), "U+{:X}", u32::from(c));
        }
        for c in ['中', 'a', 'я', '\u{17000}', '\u{E111}'] {
            assert!(!is_last_resort_char(c), "U+{:X}", u32::from(c));
        }
    }
}
