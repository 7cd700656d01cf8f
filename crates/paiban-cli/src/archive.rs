//! Archives past one machine: `--shard I/N`, `--from-list FILE`, `--force`, `--log-format`.
//!
//! Input: the build flags of this module ([`ArchiveArgs`]), the editions found by
//! [`crate::discover`] and the arguments they were found under. Output: the editions this
//! process builds.
//!
//! **Shards.** An edition belongs to shard `siphash13(key) mod N` (SipHash-1-3 with both keys
//! 0, over the UTF-8 bytes of `key`), numbered 0 to N−1. Its `key` is its path relative to the
//! argument it was found under, components joined by `/` (`rmrb/2019-02-20`), so the
//! archive may be mounted at another place on every machine; an argument that is itself an
//! edition (a page file, an edition folder, an `edition.toml`) is keyed by its own name
//! (the file's or folder's). The partition needs no coordinator: every process given the
//! same arguments and the same N computes the same shards, and every edition lands in
//! exactly one. The index is a number, or read from the job runner's environment **only
//! when asked**: `--shard slurm/N` takes `SLURM_ARRAY_TASK_ID` less `SLURM_ARRAY_TASK_MIN`
//! (so `--array=0-3` and `--array=1-4` both work), `--shard k8s/N` takes
//! `JOB_COMPLETION_INDEX` (a Kubernetes indexed Job). Name clashes between editions are found
//! within a shard only.
//!
//! **Lists.** `--from-list FILE` (`-`: standard input) adds one edition argument per line,
//! after those on the command line; blank lines and lines starting with `#` are skipped,
//! surrounding white space is trimmed.

use crate::config::UsageError;
use crate::discover::EditionSource;
use clap::{Args, ValueEnum};
use std::hash::Hasher;
use std::io::BufRead;
use std::path::{Component, Path, PathBuf};

/// The flags for runs over an archive, flattened into `paiban build`.
#[derive(Debug, Args, Clone, Default)]
pub struct ArchiveArgs {
    /// Build only shard I of N (I from 0 to N-1; `slurm/N` or `k8s/N` read I from
    /// SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX). Every edition is in exactly one shard,
    /// by a hash of its path relative to its argument.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<ShardSpec>,
    /// Also build the editions listed in FILE, one path per line (`-`: standard input;
    /// blank lines and lines starting with # are skipped).
    #[arg(long, value_name = "FILE")]
    pub from_list: Option<PathBuf>,
    /// Rebuild every edition, even one whose books are up to date.
    #[arg(long)]
    pub force: bool,
    /// How the run reports: text on stderr, or one JSON line per edition and a summary
    /// line on stdout.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// The archive flags, checked (the shard index read from the environment if asked).
#[derive(Debug, Clone, Default)]
pub struct ArchiveConfig {
    pub shard: Option<Shard>,
    pub from_list: Option<PathBuf>,
    pub force: bool,
    pub log_format: LogFormat,
}

impl ArchiveConfig {
    pub fn from_args(a: &ArchiveArgs) -> Result<ArchiveConfig, UsageError> {
        Ok(ArchiveConfig {
            shard: a.shard.map(resolve_shard).transpose()?,
            from_list: a.from_list.clone(),
            force: a.force,
            log_format: a.log_format,
        })
    }
}

/// `--log-format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Progress, per-edition lines and a summary on stderr.
    #[default]
    Text,
    /// One JSON object per line on stdout: each edition, then the summary.
    Json,
}

/// Where the shard index comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardIndex {
    Number(u64),
    /// `SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN`.
    Slurm,
    /// `JOB_COMPLETION_INDEX`.
    Kubernetes,
}

/// `--shard` as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    pub index: ShardIndex,
    pub count: u64,
}

/// A resolved shard: `index` < `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

fn parse_shard(s: &str) -> Result<ShardSpec, String> {
    let expected = "expected I/N with 0 <= I < N (or slurm/N, k8s/N)";
    let (i, n) = s.split_once('/').ok_or_else(|| expected.to_string())?;
    let count: u64 = n
        .trim()
        .parse()
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| format!("{n:?}: {expected}"))?;
    let index = match i.trim() {
        "slurm" => ShardIndex::Slurm,
        "k8s" => ShardIndex::Kubernetes,
        i => match i.parse::<u64>() {
            Ok(i) if i < count => ShardIndex::Number(i),
            _ => return Err(format!("{i:?}: {expected}")),
        },
    };
    Ok(ShardSpec { index, count })
}

/// The shard, with the index read from the environment when `--shard` asks for it.
pub fn resolve_shard(spec: ShardSpec) -> Result<Shard, UsageError> {
    resolve_shard_with(spec, |k| std::env::var(k).ok())
}

fn resolve_shard_with(
    spec: ShardSpec,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Shard, UsageError> {
    let var = |k: &str| -> Result<Option<u64>, UsageError> {
        match env(k) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| UsageError(format!("{k}={v:?}: expected a whole number"))),
        }
    };
    let (index, from) = match spec.index {
        ShardIndex::Number(i) => (i, None),
        ShardIndex::Slurm => {
            let id = var("SLURM_ARRAY_TASK_ID")?.ok_or_else(|| {
                UsageError("--shard slurm/N: SLURM_ARRAY_TASK_ID is not set".into())
            })?;
            let min = var("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let i = id.checked_sub(min).ok_or_else(|| {
                UsageError(format!(
                    "--shard slurm/N: SLURM_ARRAY_TASK_ID={id} is below SLURM_ARRAY_TASK_MIN={min}"
                ))
            })?;
            (i, Some("SLURM_ARRAY_TASK_ID"))
        }
        ShardIndex::Kubernetes => {
            let i = var("JOB_COMPLETION_INDEX")?.ok_or_else(|| {
                UsageError("--shard k8s/N: JOB_COMPLETION_INDEX is not set".into())
            })?;
            (i, Some("JOB_COMPLETION_INDEX"))
        }
    };
    if index >= spec.count {
        return Err(UsageError(format!(
            "--shard: index {index}{} is not below the shard count {}",
            from.map(|v| format!(" (from {v})")).unwrap_or_default(),
            spec.count
        )));
    }
    Ok(Shard {
        index,
        count: spec.count,
    })
}

/// SipHash-1-3 with both keys 0: stable across runs, machines and Rust versions.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    h.write(bytes);
    h.finish()
}

/// The shard `key` belongs to among `count`.
pub fn shard_of(key: &str, count: u64) -> u64 {
    stable_hash(key.as_bytes()) % count.max(1)
}

/// The key of an edition found at `path` under the arguments `args` (see the module header).
pub fn shard_key(path: &Path, args: &[PathBuf]) -> String {
    let rel = args
        .iter()
        .find_map(|a| path.strip_prefix(a).ok())
        .filter(|r| r.components().any(|c| matches!(c, Component::Normal(_))));
    let parts: Vec<String> = match rel {
        Some(r) => r
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect(),
        None => vec![own_name(path)],
    };
    parts.join("/")
}

/// The final component of `path`, resolving `.` and `..` through the file system.
fn own_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(path)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_default()
}

/// Keep the editions of `shard` (all of them without one), in their order.
pub fn select(
    editions: Vec<EditionSource>,
    args: &[PathBuf],
    shard: Option<Shard>,
) -> Vec<EditionSource> {
    let Some(shard) = shard else {
        return editions;
    };
    editions
        .into_iter()
        .filter(|e| shard_of(&shard_key(&e.path, args), shard.count) == shard.index)
        .collect()
}

/// The edition arguments of `--from-list` (`-`: standard input).
pub fn read_list(file: &Path) -> anyhow::Result<Vec<PathBuf>> {
    use anyhow::Context as _;
    let text = if file == Path::new("-") {
        let mut lines = Vec::new();
        for line in std::io::stdin().lock().lines() {
            lines.push(line.context("--from-list -: cannot read standard input")?);
        }
        lines.join("\n")
    } else {
        std::fs::read_to_string(file)
            .with_context(|| format!("--from-list {}: cannot read", file.display()))?
    };
    Ok(parse_list(&text))
}

fn parse_list(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(PathBuf::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_flags() {
        let n = |i, count| {
            Ok(ShardSpec {
                index: ShardIndex::Number(i),
                count,
            })
        };
        assert_eq!(parse_shard("0/1"), n(0, 1));
        assert_eq!(parse_shard("3/4"), n(3, 4));
        for bad in ["4/4", "1/0", "-1/2", "x/2", "1", "1/2/3", "/2"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        let slurm = parse_shard("slurm/4").unwrap();
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let s = resolve_shard_with(slurm, env(&[("SLURM_ARRAY_TASK_ID", "2")])).unwrap();
        assert_eq!((s.index, s.count), (2, 4));
        let s = resolve_shard_with(
            slurm,
            env(&[("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_MIN", "1")]),
        )
        .unwrap();
        assert_eq!(s.index, 3);
        assert!(resolve_shard_with(slurm, env(&[])).is_err());
        assert!(resolve_shard_with(slurm, env(&[("SLURM_ARRAY_TASK_ID", "4")])).is_err());
        let k8s = parse_shard("k8s/2").unwrap();
        assert!(resolve_shard_with(k8s, env(&[("JOB_COMPLETION_INDEX", "x")])).is_err());
        let s = resolve_shard_with(k8s, env(&[("JOB_COMPLETION_INDEX", "1")])).unwrap();
        assert_eq!(s.index, 1);
        // A number never reads the environment.
        let s = resolve_shard_with(parse_shard("1/3").unwrap(), |_| panic!("read env")).unwrap();
        assert_eq!(s.index, 1);
    }

    #[test]
    fn the_hash_is_pinned() {
        // The partition must not change between versions: machines of one run may differ.
        assert_eq!(stable_hash(b""), 0xd1fb_a762_150c_532c);
        assert_eq!(shard_of("rmrb/2019-02-20", 1), 0);
    }

    #[test]
    fn keys_are_relative_to_the_argument() {
        let args = [PathBuf::from("/mnt/a/archive"), PathBuf::from("one.md")];
        assert_eq!(
            shard_key(Path::new("/mnt/a/archive/rmrb/2019-02-20"), &args),
            "rmrb/2019-02-20"
        );
        // Another mount point, the same key.
        assert_eq!(
            shard_key(
                Path::new("/data/archive/rmrb/2019-02-20"),
                &[PathBuf::from("/data/archive")]
            ),
            "rmrb/2019-02-20"
        );
        assert_eq!(shard_key(Path::new("one.md"), &args), "one.md");
        assert_eq!(shard_key(Path::new("/x/y/ed"), &args), "ed");
        assert_eq!(
            shard_key(Path::new("./a/b.md"), &[PathBuf::from(".")]),
            "a/b.md"
        );
    }

    #[test]
    fn every_edition_lands_in_exactly_one_shard() {
        let editions: Vec<EditionSource> = (0..2000)
            .map(|i| EditionSource {
                path: PathBuf::from(format!("arch/p{}/{i:05}.md", i % 7)),
                name: format!("{i:05}"),
            })
            .collect();
        let args = [PathBuf::from("arch")];
        for count in [1u64, 2, 3, 8] {
            let mut seen = std::collections::BTreeMap::new();
            let mut sizes = Vec::new();
            for index in 0..count {
                let part = select(editions.clone(), &args, Some(Shard { index, count }));
                sizes.push(part.len());
                for e in part {
                    assert!(seen.insert(e.name, index).is_none(), "in two shards");
                }
            }
            assert_eq!(seen.len(), editions.len(), "{count} shards miss editions");
            // Balanced within 20 % of the mean.
            let mean = editions.len() as f64 / count as f64;
            for s in sizes {
                assert!(
                    (s as f64 - mean).abs() <= 0.2 * mean,
                    "{count}: {s} vs {mean}"
                );
            }
        }
        // The same arguments give the same partition (twice, in another process alike).
        let a = select(editions.clone(), &args, Some(Shard { index: 1, count: 3 }));
        let b = select(editions, &args, Some(Shard { index: 1, count: 3 }));
        assert_eq!(a, b);
    }

    #[test]
    fn lists_skip_blanks_and_comments() {
        assert_eq!(
            parse_list("a.md\n\n  # note\n b/c \r\n#x\nd"),
            [PathBuf::from("a.md"), "b/c".into(), "d".into()]
        );
    }
}
