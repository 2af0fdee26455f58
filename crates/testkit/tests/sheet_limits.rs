//! Spreadsheets over the bounded reader's caps, uploaded by zone staff to the pipeline import
//! and by an enterprise to the offers API, on every backend: sparse sheets whose declared
//! range is huge (A1 and XFD1000; A1 and XFD1048576, which once made the server abort), zip
//! bombs (declared and lying about their size) and a file over the size cap are each
//! answered 400 with a message naming the limit, and nothing is written.

use gowest_app::bounded_sheet::MAX_FILE_BYTES;
use gowest_app::demo::DEMO_PASSWORD;
use gowest_testkit::{backends, operator, scrape, spawn_app};
use std::io::{Cursor, Read, Write};

/// A real workbook with the pipeline's header in row 1 and one more cell far away.
fn sparse(row: u32, column: u16) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "项目名称").expect("A1");
    sheet.write_string(row, column, "x").expect("far cell");
    book.save_to_buffer().expect("xlsx")
}

/// A real workbook with one more entry of `size` zeros, deflated (a few hundred KB); when
/// `lie`, its headers declare 1,000 bytes.
fn bomb(size: usize, lie: bool) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .write_string(0, 0, "项目名称")
        .expect("A1");
    let inner = book.save_to_buffer().expect("xlsx");
    let mut source = zip::ZipArchive::new(Cursor::new(inner)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..source.len() {
        let mut entry = source.by_index(i).expect("entry");
        let name = entry.name().expect("name").into_owned();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("content");
        out.start_file(name, deflated).expect("copy");
        out.write_all(&content).expect("copy");
    }
    out.start_file("xl/media/image1.png", deflated)
        .expect("bomb");
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..size / zeros.len() {
        out.write_all(&zeros).expect("zeros");
    }
    let mut bytes = out.finish().expect("zip").into_inner();
    if lie {
        let declared = 1_000u32.to_le_bytes();
        let local = find_last(&bytes, &[0x50, 0x4b, 0x03, 0x04]);
        bytes[local + 22..local + 26].copy_from_slice(&declared);
        let central = find_last(&bytes, &[0x50, 0x4b, 0x01, 0x02]);
        bytes[central + 24..central + 28].copy_from_slice(&declared);
    }
    bytes
}

fn find_last(bytes: &[u8], signature: &[u8]) -> usize {
    bytes
        .windows(signature.len())
        .rposition(|w| w == signature)
        .expect("signature")
}

/// (file, name, what the refusal says in Chinese and in English)
fn refused_files() -> Vec<(Vec<u8>, &'static str, &'static str, &'static str)> {
    vec![
        (
            sparse(999, 16_383),
            "A1 and XFD1000",
            "表格范围过大：A1:XFD1000 为 1000 行 × 16384 列，上限为 20000 行 × 64 列",
            "the sheet's range is too large: A1:XFD1000 spans 1000 rows × 16384 columns; the limit is 20000 rows × 64 columns",
        ),
        (
            sparse(1_048_575, 16_383),
            "A1 and XFD1048576",
            "表格范围过大：A1:XFD1048576",
            "the sheet's range is too large: A1:XFD1048576",
        ),
        (
            bomb(100 * 1024 * 1024, false),
            "a zip bomb",
            "文件解压后过大：xl/media/image1.png 解压后超过 64 MiB",
            "unpacks to more than 64 MiB",
        ),
        (
            bomb(100 * 1024 * 1024, true),
            "a zip bomb that understates its size",
            "文件损坏：xl/media/image1.png 解压后超过其声明的 1000 字节",
            "unpacks to more than the 1000 bytes it declares",
        ),
        (
            vec![b'P'; MAX_FILE_BYTES + 1],
            "a file over the size cap",
            "文件过大：16777217 字节，上限为 16777216 字节（16 MiB）",
            "the file is too large: 16777217 bytes; the limit is 16777216 bytes",
        ),
    ]
}

#[tokio::test]
async fn oversized_sheets_are_refused_by_name_and_write_nothing() {
    let files = refused_files();
    for backend in backends() {
        let t = spawn_app(backend).await;
        t.app
            .seed_demo_accounts(&operator())
            .await
            .expect("accounts");
        let url = |path: &str| format!("{}{path}", t.base_url);

        // The console: zone staff import into their pipeline.
        let chengdu = t.sign_in("chengdu.admin", DEMO_PASSWORD).await;
        let board = chengdu
            .get(url("/console/pipeline?view=table"))
            .send()
            .await
            .expect("board")
            .text()
            .await
            .expect("html");
        let csrf = scrape(&board, r#"name="csrf" value=""#)
            .expect("csrf")
            .to_owned();
        let records = "SELECT COUNT(*) FROM pipeline_records";
        let records_before = t.db.count(records).await;
        for (bytes, what, zh, _) in &files {
            let form = reqwest::multipart::Form::new()
                .text("csrf", csrf.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(bytes.clone()).file_name("records.xlsx"),
                );
            let response = chengdu
                .post(url("/console/pipeline/import"))
                .multipart(form)
                .send()
                .await
                .expect("the server answers");
            assert_eq!(response.status(), 400, "{backend}: {what}");
            let html = response.text().await.expect("html");
            assert!(html.contains(zh), "{backend}: {what}: {html}");
        }
        assert_eq!(t.db.count(records).await, records_before, "{backend}");

        // The API: an enterprise posts an offers sheet as the request body.
        let session = t
            .app
            .login("buyer.demo", DEMO_PASSWORD, None)
            .await
            .expect("login");
        let bearer = t
            .app
            .create_api_token(&session, "购销对接", None)
            .await
            .expect("token")
            .1;
        let offers = "SELECT COUNT(*) FROM farm_offers";
        let before = t.db.count(offers).await;
        for (bytes, what, zh, en) in &files {
            let response = t
                .client
                .post(url("/api/v1/farm-trade/offers/import?file=offers.xlsx"))
                .bearer_auth(&bearer)
                .body(bytes.clone())
                .send()
                .await
                .expect("the server answers");
            assert_eq!(response.status(), 400, "{backend}: {what}");
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json",
                "{backend}: {what}"
            );
            let problem: serde_json::Value = response.json().await.expect("problem");
            let (detail, detail_zh) = (
                problem["detail"].as_str().unwrap_or_default(),
                problem["detail_zh"].as_str().unwrap_or_default(),
            );
            assert!(detail.contains(en), "{backend}: {what}: {problem}");
            assert!(detail_zh.contains(zh), "{backend}: {what}: {problem}");
        }
        assert_eq!(t.db.count(offers).await, before, "{backend}");

        // A text field of a file form is held to the same cap as any form's: refused by
        // name before the file is read.
        let ok_sheet = "项目名称,投资方名称,投资方来源地,行业代码,阶段\n鞋业加工项目,裕元鞋业有限公司,境外:台湾,19,在谈\n";
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("note", "长".repeat(10_001))
            .part(
                "file",
                reqwest::multipart::Part::bytes(ok_sheet.as_bytes().to_vec())
                    .file_name("records.csv"),
            );
        let response = chengdu
            .post(url("/console/pipeline/import"))
            .multipart(form)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status(), 400, "{backend}: an over-long text field");
        let html = response.text().await.expect("html");
        assert!(
            html.contains("note"),
            "{backend}: the field is named: {html}"
        );
        assert_eq!(t.db.count(records).await, records_before, "{backend}");

        // The server is still there, and a sheet within the caps still imports.
        let ok = "项目名称,投资方名称,投资方来源地,行业代码,阶段\n鞋业加工项目,裕元鞋业有限公司,境外:台湾,19,在谈\n";
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(ok.as_bytes().to_vec()).file_name("records.csv"),
            );
        let response = chengdu
            .post(url("/console/pipeline/import"))
            .multipart(form)
            .send()
            .await
            .expect("the server answers");
        assert_eq!(response.status(), 303, "{backend}");
        assert_eq!(t.db.count(records).await, records_before + 1, "{backend}");
    }
}
