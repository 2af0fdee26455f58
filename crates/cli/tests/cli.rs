//! The `gowest` binary as an operator runs it: exit codes, messages, files.

use std::path::Path;
use std::process::{Command, Output};

/// The master key beside the data directory, never inside it.
fn key_beside(data_dir: &Path) -> std::path::PathBuf {
    data_dir.with_extension("audit.key")
}

fn gowest(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gowest"))
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--audit-key-file")
        .arg(key_beside(data_dir))
        .args(args)
        .env_remove("GOWEST_DATABASE_URL")
        .env_remove("GOWEST_DEMO")
        .env_remove("GOWEST_CONFIG")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gowest")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn export_lines(data_dir: &Path, file: &Path) -> usize {
    let out = gowest(
        data_dir,
        &["export", "zones", file.to_str().expect("utf-8 path")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::read_to_string(file)
        .expect("export file")
        .lines()
        .count()
}

#[test]
fn a_bad_spreadsheet_exits_non_zero_names_row_and_column_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let before = export_lines(&data, &dir.path().join("before.csv"));
    assert_eq!(before, 233, "header + 232 zones");

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "开发区名称,级别,省份代码,工业用地价格(元/平方米)\n\
         好开发区,provincial,510000,300\n\
         坏省份开发区,provincial,990000,300\n\
         负地价开发区,provincial,510000,-1\n\
         ,provincial,510000,300\n",
    )
    .expect("write");
    let out = gowest(&data, &["import", "zones", bad.to_str().expect("path")]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    for expected in [
        "第3行 C 省份代码",
        "第4行 D 工业用地价格",
        "第5行 A 开发区名称",
        "nothing was written",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    let after = export_lines(&data, &dir.path().join("after.csv"));
    assert_eq!(
        std::fs::read(dir.path().join("before.csv")).expect("before"),
        std::fs::read(dir.path().join("after.csv")).expect("after")
    );
    assert_eq!(after, before);

    let out = gowest(
        &data,
        &[
            "import",
            "zones",
            bad.to_str().expect("path"),
            "--skip-invalid",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("inserted 1"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn restore_brings_back_the_backed_up_data() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let backup = dir.path().join("backup.sqlite3");
    let out = gowest(&data, &["backup", backup.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let extra = dir.path().join("extra.csv");
    std::fs::write(
        &extra,
        "name_zh,level,province_code\n新增开发区,provincial,510000\n",
    )
    .expect("write");
    assert!(
        gowest(&data, &["import", "zones", extra.to_str().expect("path")])
            .status
            .success()
    );
    assert_eq!(export_lines(&data, &dir.path().join("more.csv")), 234);

    let out = gowest(&data, &["restore", backup.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(export_lines(&data, &dir.path().join("restored.csv")), 233);

    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "not a database").expect("write");
    let out = gowest(&data, &["restore", junk.to_str().expect("path")]);
    assert!(!out.status.success());
    assert_eq!(
        export_lines(&data, &dir.path().join("still.csv")),
        233,
        "a bad restore changes nothing"
    );
}

#[test]
fn a_config_file_sets_what_flags_do_not() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("from-config");
    let config = dir.path().join("gowest.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\naudit_key_file = {:?}\n",
            data.to_str().expect("path"),
            key_beside(&data).to_str().expect("path")
        ),
    )
    .expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_gowest"))
        .args(["--config", config.to_str().expect("path"), "migrate"])
        .env_remove("GOWEST_DATA_DIR")
        .env_remove("GOWEST_DATABASE_URL")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(data.join("gowest.sqlite3").exists());

    std::fs::write(&config, "data_dri = \"x\"\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_gowest"))
        .args(["--config", config.to_str().expect("path"), "migrate"])
        .output()
        .expect("run");
    assert!(!out.status.success(), "a misspelt key is an error");
}

/// A valid 身份证号 from its 17 leading digits (GB 11643 check character).
fn resident_id(body: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

#[test]
fn a_roster_imports_from_the_command_line_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let header = "姓名,身份证号,职业（工种）,培训课程,结业日期,考核结果,证书编号,证书等级\n";
    let (a, b) = (
        resident_id("51010019850304001"),
        resident_id("51010019860405002"),
    );
    let bad_id = format!("{}{}", &a[..16], if a.ends_with('9') { "00" } else { "9X" });
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{header}张一,{a},焊工,焊工中级班,2007-05-20,合格,Z0001,四级\n\
             张二,{bad_id},车工,车工初级班,2007-06-20,,,\n"
        ),
    )
    .expect("write");
    let zone = ["--zone", "成都经济技术开发区"];
    let path = |p: &Path| p.to_str().expect("path").to_owned();
    let out = gowest(
        &data,
        &["training", "import", &path(&bad), zone[0], zone[1]],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(stderr.contains("第3行"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(
        !stderr.contains(&bad_id) && !stderr.contains(&a),
        "no 身份证号 echoed"
    );

    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        format!(
            "{header}张一,{a},焊工,焊工中级班,2007-05-20,合格,Z0001,四级\n\
             张二,{b},车工,车工初级班,2007-06-20,,,\n"
        ),
    )
    .expect("write");
    let out = gowest(
        &data,
        &["training", "import", &path(&good), zone[0], zone[1]],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("registered 2 trainees"));
    // The same numbers again are duplicates of registered trainees: refused whole.
    let out = gowest(
        &data,
        &["training", "import", &path(&good), zone[0], zone[1]],
    );
    assert!(!out.status.success());
    let out = gowest(
        &data,
        &["training", "import", &path(&good), "--zone", "没有的开发区"],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no zone"));
}

#[test]
fn an_audit_key_in_the_data_directory_is_refused_unless_demo() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gowest"))
            .arg("--data-dir")
            .arg(&data)
            .args(args)
            .env_remove("GOWEST_AUDIT_KEY_FILE")
            .env_remove("GOWEST_DATABASE_URL")
            .env_remove("GOWEST_DEMO")
            .env_remove("GOWEST_CONFIG")
            .env("RUST_LOG", "warn")
            .output()
            .expect("run gowest")
    };
    let inside = data.join("audit.key");
    let out = run(&[
        "--audit-key-file",
        inside.to_str().expect("path"),
        "migrate",
    ]);
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(said.contains("inside the data directory"), "{said}");
    assert!(
        said.contains("--audit-key-file"),
        "says where to put it: {said}"
    );
    assert!(!inside.exists(), "no key was made there");

    let out = run(&["migrate"]);
    assert!(!out.status.success(), "no key file given");
    assert!(text(&out.stderr).contains("no audit key file"));

    // The demo may keep its key with its throw-away data.
    let out = run(&["--demo", "migrate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(inside.exists());
}
