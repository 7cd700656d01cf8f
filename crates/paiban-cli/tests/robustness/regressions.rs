//! Robustness, regression inputs: every file in `tests/robustness_inputs/` is a minimal input
//! that once crashed or misbehaved (found by fuzzing or by the robustness tests; see
//! `/work/brief/robustness-findings.md` for the finding numbers). Each is read as a bare page
//! file (by its extension, `.md` or `.txt`) or, for `*.toml`, as an edition manifest next to a
//! small page: `check` and `build` must exit 0 or 1, never panic or abort, and leave no book
//! behind when they fail. The committed fuzz seeds (`fuzz/seeds/TARGET/`) are replayed here
//! too, through the fuzz targets' own harness (`fuzz/src/lib.rs`) without libFuzzer, so every
//! `cargo test` holds the properties the fuzzer checks; long fuzzing stays in `scripts/fuzz`.

use crate::support::*;
use std::path::Path;

/// The fuzz targets' harness, compiled into this test (the fuzz crate is its own workspace).
#[path = "../../../../fuzz/src/lib.rs"]
#[allow(dead_code, clippy::needless_update)]
mod fuzz_harness;

/// A fuzz target: its name (its seeds' folder) and its harness function.
type Target = (&'static str, fn(&[u8]));

/// The files of `dir`, sorted; a folder that cannot be listed fails the test.
fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let rd = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut v: Vec<_> = rd
        .map(|e| {
            e.unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path()
        })
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn inputs() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/robustness_inputs");
    let mut v = files_in(&dir);
    v.retain(|p| {
        p.extension()
            .is_some_and(|e| e == "md" || e == "txt" || e == "toml")
    });
    assert!(!v.is_empty(), "no regression inputs in {}", dir.display());
    v
}

#[test]
fn every_fuzz_seed_holds_its_targets_properties() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds");
    let targets: [Target; 5] = [
        ("markdown", |b| fuzz_harness::run_reader(b, false)),
        ("plaintext", |b| fuzz_harness::run_reader(b, true)),
        ("manifest", fuzz_harness::run_manifest_parser),
        ("ingest", fuzz_harness::run_archive),
        ("render", fuzz_harness::run_render),
    ];
    for (target, run) in targets {
        let files = files_in(&seeds.join(target));
        assert!(!files.is_empty(), "no seeds for fuzz target {target}");
        for seed in files {
            eprintln!("-- {target}: {}", seed.display());
            let bytes = std::fs::read(&seed).unwrap_or_else(|e| panic!("{}: {e}", seed.display()));
            run(&bytes);
        }
    }
}

fn run_one(input: &Path) {
    let tmp = tempdir();
    let bytes = std::fs::read(input).expect("read input");
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let edition = if name.ends_with(".toml") {
        let ed = tmp.path().join("ed");
        write(&ed, "edition.toml", &bytes);
        write(&ed, "p1.md", "## 标题一\n\n第一段正文，内容完整。\n");
        write(&ed, "p2.txt", "要闻\n　　第二版的正文。\n");
        ed
    } else {
        write(tmp.path(), &name, &bytes)
    };
    let out = tmp.path().join("out");
    for args in [
        vec!["check".as_ref(), edition.as_os_str()],
        vec!["inspect".as_ref(), edition.as_os_str()],
        vec![
            "build".as_ref(),
            edition.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--allow-missing-glyphs".as_ref(),
        ],
    ] {
        let run = paiban(args).run();
        run.assert_no_crash();
        assert!(
            matches!(run.code, Some(0 | 1)),
            "{name}: {} exited {:?}\n{}",
            run.what,
            run.code,
            run.stderr
        );
        if run.code == Some(1) && run.what.starts_with("paiban build") {
            assert_no_output(&out);
        }
    }
}

#[test]
fn every_regression_input_is_handled() {
    let inputs = inputs();
    eprintln!("{} regression inputs", inputs.len());
    for input in &inputs {
        eprintln!("-- {}", input.display());
        run_one(input);
    }
}

/// `paiban inspect` of a bare Markdown page holding `text`, as JSON.
fn inspect(text: &str) -> serde_json::Value {
    let tmp = tempdir();
    let page = write(tmp.path(), "page.md", text);
    let run = paiban(["inspect".as_ref(), page.as_os_str()]).run();
    run.assert_ok();
    serde_json::from_str(&run.stdout).expect("inspect prints JSON")
}

fn all_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(all_text).collect::<Vec<_>>().join("\n"),
        serde_json::Value::Object(m) => m.values().map(all_text).collect::<Vec<_>>().join("\n"),
        _ => String::new(),
    }
}

#[test]
fn finding_2_a_repeated_headline_with_another_byline_keeps_the_byline() {
    // Two articles under the same headline with the same paragraph, but different bylines and
    // one with a dateline: not a copy; the second byline (李明) must not vanish.
    let ed = inspect(
        "## 清河新桥今天通车\n\n□本报记者 王芳\n\n\
         清河新桥今天正式通车，两岸居民往来的时间从半小时缩短到五分钟。\n\n\
         ## 清河新桥今天通车\n\n□本报记者 李明\n\n\
         本报讯 清河新桥今天正式通车，两岸居民往来的时间从半小时缩短到五分钟。\n",
    );
    let text = all_text(&ed["sections"]);
    assert!(text.contains("李明"), "the second byline was lost:\n{ed:#}");
}

#[test]
fn finding_2_b_repeated_headline_with_another_subtitle_keeps_the_subtitle() {
    let ed = inspect(
        "## 清河新桥今天通车\n\n## 两岸往来只需五分钟\n\n\
         清河新桥今天正式通车，两岸居民往来的时间从半小时缩短到五分钟。\n\n\
         ## 清河新桥今天通车\n\n## 沿线商户迎来新客流\n\n\
         清河新桥今天正式通车，两岸居民往来的时间从半小时缩短到五分钟。\n",
    );
    let text = all_text(&ed["sections"]);
    assert!(
        text.contains("沿线商户迎来新客流"),
        "the second subtitle was lost:\n{ed:#}"
    );
}

#[test]
fn finding_4_a_dateline_on_a_caption_is_not_dropped() {
    // A dateline paragraph followed by a photo credit becomes a caption; its dateline (本报讯)
    // must survive somewhere — here two blocks carry one, the edition kept only one. (The
    // two differ: the same line again one block later is a copy `dedupe` removes, with a
    // note.)
    let text = "本报讯 市区新建一座图书馆\n\n记者 刘 辉 摄\n\n本报讯 市区新建一座体育馆\n";
    let ed = inspect(text);
    let all = all_text(&ed["sections"]);
    assert_eq!(
        all.matches("本报讯").count(),
        2,
        "a dateline was dropped silently:\n{ed:#}"
    );
    // The same with nothing but datelines.
    let ed = inspect("本报讯 ：\n\n本报讯 ：\n");
    let all = all_text(&ed["sections"]);
    assert_eq!(
        all.matches("本报讯").count(),
        2,
        "a dateline was dropped silently:\n{ed:#}"
    );
}
