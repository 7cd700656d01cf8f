//! Shared helpers of the robustness suites (`tests/robustness/`): running the `paiban`
//! binary with a watchdog and resource limits, asserting a clean failure (exit 1, a located
//! message, no book and no temporary file left), reading EPUBs, and generating inputs (valid
//! and corrupt PNGs, small editions written for these tests).
//!
//! Every input here is written for the tests; none is copied from a real newspaper.

#![allow(dead_code)]

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A hang is a failure too: no single run may take longer than this (a watchdog, not a timing
/// assertion; the slowest legitimate run, the 50 MB source in a debug build, is far below it).
const WATCHDOG: Duration = Duration::from_secs(1200);

/// The outcome of one run of `paiban`.
#[derive(Debug)]
pub struct Run {
    /// What was run, for messages.
    pub what: String,
    /// Exit code; `None` when killed by a signal.
    pub code: Option<i32>,
    /// The signal that ended it, if any.
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// Peak resident memory seen while it ran (VmHWM), in KiB; 0 when not measured.
    pub peak_rss_kib: u64,
    pub elapsed: Duration,
}

impl Run {
    /// Exit 0, or fail showing what it printed.
    pub fn assert_ok(&self) -> &Self {
        assert!(
            self.code == Some(0),
            "{}: expected exit 0, got {:?} (signal {:?})\nstderr:\n{}\nstdout:\n{}",
            self.what,
            self.code,
            self.signal,
            self.stderr,
            self.stdout
        );
        self
    }

    /// Exit 1 (not a panic, not a signal, not a usage error), and stderr holds every needle.
    pub fn assert_fails_with(&self, needles: &[&str]) -> &Self {
        self.assert_no_crash();
        assert!(
            self.code == Some(1),
            "{}: expected exit 1, got {:?}\nstderr:\n{}\nstdout:\n{}",
            self.what,
            self.code,
            self.stderr,
            self.stdout
        );
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "{}: stderr should mention {n:?}\nstderr:\n{}",
                self.what,
                self.stderr
            );
        }
        self
    }

    /// Never a panic (exit 101), an abort or any other signal.
    pub fn assert_no_crash(&self) -> &Self {
        assert!(
            self.signal.is_none(),
            "{}: killed by signal {:?} (abort / stack overflow / OOM?)\nstderr:\n{}",
            self.what,
            self.signal,
            tail(&self.stderr)
        );
        assert!(
            self.code != Some(101) && !self.stderr.contains("panicked at"),
            "{}: panicked (exit {:?})\nstderr:\n{}",
            self.what,
            self.code,
            tail(&self.stderr)
        );
        self
    }

    /// stderr names `file` together with line `line`, as `file:line` or `file … line N`.
    pub fn assert_names_line(&self, file: &str, line: u32) -> &Self {
        assert!(
            names_line(&self.stderr, file, line),
            "{}: stderr should name {file} line {line}\nstderr:\n{}",
            self.what,
            self.stderr
        );
        self
    }

    /// Both streams together, for searching.
    pub fn output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

fn tail(s: &str) -> &str {
    let n = s.len();
    if n <= 4000 {
        s
    } else {
        let mut i = n - 4000;
        while !s.is_char_boundary(i) {
            i += 1;
        }
        &s[i..]
    }
}

/// Does `text` name `file` at `line` (`file:line`, `file:line:col`, or a line naming the file
/// and saying `line N` / `第N行`)?
pub fn names_line(text: &str, file: &str, line: u32) -> bool {
    let colon = format!("{file}:{line}");
    text.lines().any(|l| {
        if let Some(i) = l.find(&colon) {
            let after = &l[i + colon.len()..];
            if !after.starts_with(|c: char| c.is_ascii_digit()) {
                return true;
            }
        }
        l.contains(file) && (has_number_after(l, "line ", line) || has_number_after(l, "第", line))
    })
}

/// Does `text` name a byte offset `offset` (`byte N`, `offset N`, `byte offset N`, `@N`)?
pub fn names_offset(text: &str, offsets: &[u64]) -> bool {
    text.lines().any(|l| {
        offsets.iter().any(|&o| {
            has_number_after(l, "byte ", o)
                || has_number_after(l, "offset ", o)
                || has_number_after(l, "bytes ", o)
        })
    })
}

fn has_number_after(line: &str, prefix: &str, n: impl Into<u64>) -> bool {
    let n = n.into().to_string();
    line.match_indices(prefix).any(|(i, _)| {
        let rest = &line[i + prefix.len()..];
        rest.starts_with(&n) && !rest[n.len()..].starts_with(|c: char| c.is_ascii_digit())
    })
}

/// A `paiban` command being put together.
pub struct Paiban {
    args: Vec<OsString>,
    cwd: Option<PathBuf>,
    env: Vec<(String, String)>,
    mem_limit_kib: Option<u64>,
    fsize_limit_blocks: Option<u64>,
}

/// `paiban ARGS…`
pub fn paiban<I, S>(args: I) -> Paiban
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    Paiban {
        args: args.into_iter().map(Into::into).collect(),
        cwd: None,
        env: Vec::new(),
        mem_limit_kib: None,
        fsize_limit_blocks: None,
    }
}

impl Paiban {
    pub fn arg(mut self, a: impl Into<OsString>) -> Self {
        self.args.push(a.into());
        self
    }
    pub fn cwd(mut self, dir: &Path) -> Self {
        self.cwd = Some(dir.to_path_buf());
        self
    }
    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }
    /// Address-space limit (`ulimit -v`): an allocation beyond it fails (an abort, which
    /// `assert_no_crash` reports), so a run that passes stayed within it.
    pub fn mem_limit_mib(mut self, mib: u64) -> Self {
        self.mem_limit_kib = Some(mib * 1024);
        self
    }
    /// File-size limit (`ulimit -f`, 512-byte blocks) with SIGXFSZ ignored: a write past it
    /// fails with EFBIG, as on a full disk.
    pub fn file_size_limit_blocks(mut self, blocks: u64) -> Self {
        self.fsize_limit_blocks = Some(blocks);
        self
    }

    /// Run it to completion under the watchdog.
    pub fn run(self) -> Run {
        let exe = env!("CARGO_BIN_EXE_paiban");
        let what = format!(
            "paiban {}",
            self.args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let mut cmd = if self.mem_limit_kib.is_some() || self.fsize_limit_blocks.is_some() {
            let mut script = String::new();
            if let Some(kib) = self.mem_limit_kib {
                script.push_str(&format!("ulimit -v {kib} || exit 97; "));
            }
            if let Some(b) = self.fsize_limit_blocks {
                script.push_str(&format!("trap '' XFSZ; ulimit -f {b} || exit 97; "));
            }
            script.push_str("exec \"$0\" \"$@\"");
            let mut c = Command::new("sh");
            c.arg("-c").arg(script).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        cmd.args(&self.args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env_remove("RUST_BACKTRACE")
            .env_remove("SOURCE_DATE_EPOCH");
        if self.mem_limit_kib.is_some() {
            // glibc reserves 64 MiB of address space per malloc arena (up to 8 per core): cap
            // them so the limit measures the program's memory, not the machine's core count.
            cmd.env("MALLOC_ARENA_MAX", "2");
        }
        if let Some(d) = &self.cwd {
            cmd.current_dir(d);
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let start = Instant::now();
        let mut child = cmd.spawn().expect("spawn paiban");
        let pid = child.id();
        // Drain the pipes on threads so a chatty child never blocks.
        let mut out = child.stdout.take().expect("stdout");
        let mut err = child.stderr.take().expect("stderr");
        let t_out = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = out.read_to_end(&mut v);
            v
        });
        let t_err = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = err.read_to_end(&mut v);
            v
        });
        let mut peak = 0u64;
        let status = loop {
            if let Some(st) = child.try_wait().expect("wait") {
                break st;
            }
            peak = peak.max(vm_hwm_kib(pid));
            if start.elapsed() > WATCHDOG {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what}: still running after {WATCHDOG:?} (hang?)");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let elapsed = start.elapsed();
        use std::os::unix::process::ExitStatusExt;
        let run = Run {
            what,
            code: status.code(),
            signal: status.signal(),
            stdout: String::from_utf8_lossy(&t_out.join().unwrap_or_default()).into_owned(),
            stderr: String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned(),
            peak_rss_kib: peak,
            elapsed,
        };
        assert!(
            run.code != Some(97),
            "{}: the shell refused the resource limit",
            run.what
        );
        run
    }
}

fn vm_hwm_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Every file under `dir` (recursively), relative, sorted, with its size and modification time;
/// not the incremental stamps (`OUTPUT/.paiban/`, written only beside complete books).
pub fn listing(dir: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, u64, Option<std::time::SystemTime>)>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if e.file_name() == ".paiban" {
                continue;
            }
            let Ok(md) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            let rel = p.strip_prefix(root).unwrap_or(&p).to_path_buf();
            out.push((rel, md.len(), md.modified().ok()));
            if md.is_dir() {
                walk(root, &p, out);
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// No book (`.epub`, `.pdf`) and no temporary file of an atomic write anywhere under `dir`.
pub fn assert_no_output(dir: &Path) {
    for (p, _, _) in listing(dir) {
        let name = p.to_string_lossy();
        let base = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            !(name.ends_with(".epub")
                || name.ends_with(".pdf")
                || name.ends_with(".tmp")
                || base.starts_with(".paiban")
                || base.starts_with(".tmp")),
            "{} was left behind in {}",
            p.display(),
            dir.display()
        );
    }
}

/// A fresh temporary folder (removed when dropped).
pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("paiban-robust-")
        .tempdir()
        .expect("tempdir")
}

/// Write `bytes` to `dir/name`, creating folders; returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, bytes).expect("write input");
    p
}

/// The repository root (for `samples/` and `fonts/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A small edition written for these tests: a manifest, a Markdown page with a photo and a
/// plain-text page. Returns the edition folder (`dir/name`).
pub fn small_edition(dir: &Path, name: &str) -> PathBuf {
    let ed = dir.join(name);
    write(
        &ed,
        "edition.toml",
        "masthead = \"南湖晨报\"\ndate = \"2024-03-05\"\nissue = \"第12345期\"\n\
         publisher = \"南湖晨报社\"\nlanguage = \"zh-CN\"\n\n\
         [[page]]\nnumber = 1\nname = \"要闻\"\nfile = \"p1.md\"\n\n\
         [[page]]\nnumber = 2\nname = \"综合\"\nfile = \"p2.txt\"\n",
    );
    write(
        &ed,
        "p1.md",
        "## 我市首座智慧图书馆开馆\n\n□本报记者 李明\n\n\
         本报3月5日讯（记者 王芳）昨天上午，位于湖滨新区的智慧图书馆正式开馆，\
         馆内设有阅览区、自习区和儿童区。\n\n\
         据介绍，图书馆总投资2.29亿元，采用5G+物联网技术，读者可通过手机预约座位。\n\n\
         ![读者在新馆内阅读](photo.png)\n\n\
         ## 新区供水工程开工\n\n\
         本报讯 工程建成后将有效保障新区的用水安全，惠及沿线群众。\n",
    );
    write(&ed, "photo.png", png(8, 6, [200, 30, 30]));
    write(
        &ed,
        "p2.txt",
        concat!(
            "春季植树活动启动\n",
            "　　本报讯 昨天，全市春季义务植树活动在湖滨公园启动。\n",
            "　　活动现场，志愿者们分组栽下了五百棵树苗。\n"
        ),
    );
    ed
}

/// The entries of an EPUB (a zip): name → bytes.
pub fn read_zip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let f = std::fs::File::open(path).expect("open book");
    let mut z = zip::ZipArchive::new(f).expect("the book is a valid zip");
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).expect("zip entry");
        let mut v = Vec::new();
        e.read_to_end(&mut v).expect("read zip entry");
        out.push((e.name().to_string(), v));
    }
    out
}

/// All XHTML text of an EPUB, concatenated.
pub fn epub_xhtml(path: &Path) -> String {
    read_zip(path)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".xhtml") || n.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Is the file a complete zip (an EPUB we can open)?
pub fn is_complete_zip(path: &Path) -> bool {
    std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(f).ok())
        .is_some()
}

// ---------- PNG generation (valid, corrupt, huge) ----------

/// CRC-32 (ISO-HDLC), as PNG chunks need.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in bytes {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

fn ihdr(w: u32, h: u32) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend_from_slice(&w.to_be_bytes());
    d.extend_from_slice(&h.to_be_bytes());
    d.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    d
}

/// A valid `w`×`h` RGB PNG of one colour (zlib stream of stored blocks).
pub fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    // Each row: filter byte 0, then the pixels.
    let row: Vec<u8> = std::iter::once(0)
        .chain(rgb.iter().copied().cycle().take(3 * w as usize))
        .collect();
    let raw: Vec<u8> = (0..h).flat_map(|_| row.iter().copied()).collect();
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (i, b) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let n = b.len() as u16;
        z.extend_from_slice(&n.to_le_bytes());
        z.extend_from_slice(&(!n).to_le_bytes());
        z.extend_from_slice(b);
    }
    z.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr(w, h));
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A PNG whose header (with correct CRC) claims `w`×`h` but whose data is a few bytes.
pub fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr(w, h));
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Deterministic pseudo-random bytes (xorshift), for "binary garbage".
pub fn garbage(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}
