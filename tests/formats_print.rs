//! Printed papers: HTML printed to PDF by headless Chromium, pages counted; Markdown and keys.

// Helpers outside #[test] functions unwrap too: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use kaotang::formats::print::{
    Document, PracticeOptions, PrintOptions, PrintPaper, html, markdown, practice_paper,
};

const CHROMIUM: &str = "/usr/bin/chromium";

fn starter() -> kaotang::bank::Bank {
    let yaml =
        std::fs::read_to_string(kaotang_suite::fixtures_dir().join("banks/starter.yaml")).unwrap();
    kaotang::bank::parse_bank("starter", &yaml).bank.unwrap()
}

fn paper() -> PrintPaper {
    let bank = starter();
    let mut p = practice_paper(
        &bank.questions,
        &PracticeOptions {
            title: "党史知识练习卷".into(),
            count: 12,
            seed: 2021,
            ..Default::default()
        },
    );
    p.duration_minutes = Some(30);
    p
}

/// Prints `page` to PDF and returns its number of pages; `None` when Chromium is missing
/// outside CI (in CI a missing Chromium fails the test).
fn pdf_pages(page: &str, name: &str) -> Option<usize> {
    if !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI 环境缺少 {CHROMIUM}：请安装 chromium（apt-get install -y chromium fonts-noto-cjk）"
        );
        eprintln!("跳过：未安装 {CHROMIUM}（apt-get install -y chromium fonts-noto-cjk）");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join(format!("{name}.html"));
    let pdf_path = dir.path().join(format!("{name}.pdf"));
    std::fs::write(&html_path, page).unwrap();
    let out = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", pdf_path.display()))
        .arg(format!("file://{}", html_path.display()))
        .output()
        .unwrap();
    assert!(
        pdf_path.exists(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(&pdf_path).unwrap();
    if let Some(dir) = std::env::var_os("KAOTANG_KEEP_PDF") {
        std::fs::write(Path::new(&dir).join(format!("{name}.pdf")), &pdf).unwrap();
    }
    Some(count_pages(&pdf))
}

/// Page objects (`/Type /Page`, not `/Pages`) in a PDF.
fn count_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    let compact = b"/Type/Page";
    let count = |n: &[u8]| {
        pdf.windows(n.len() + 1)
            .filter(|w| &w[..n.len()] == n && w[n.len()] != b's')
            .count()
    };
    count(needle) + count(compact)
}

#[test]
fn count_pages_ignores_the_pages_tree() {
    let pdf = b"<< /Type /Pages /Count 2 >> << /Type /Page >> <</Type/Page/Parent 1 0 R>>";
    assert_eq!(count_pages(pdf), 2);
}

#[test]
fn a4_paper_prints_on_the_expected_pages() {
    let p = paper();
    let normal = html(&p, &PrintOptions::default());
    let large = html(
        &p,
        &PrintOptions {
            large_print: true,
            ..Default::default()
        },
    );
    let key = html(
        &p,
        &PrintOptions {
            document: Document::Key,
            ..Default::default()
        },
    );
    assert!(
        !normal.contains("答案："),
        "the paper never contains the key"
    );
    assert!(key.contains("答案：") && key.contains("解析："));
    let Some(n) = pdf_pages(&normal, "paper") else {
        return;
    };
    let l = pdf_pages(&large, "large").unwrap_or_default();
    let k = pdf_pages(&key, "key").unwrap_or_default();
    assert_eq!((n, l, k), (2, 3, 3), "pages of paper, large print, key");
}

#[test]
fn markdown_paper_and_key() {
    let p = paper();
    let md = markdown(&p, &PrintOptions::default());
    assert!(md.starts_with("# 党史知识练习卷\n\n满分"), "{md}");
    assert!(md.contains("姓名："));
    assert!(
        md.contains("## 一、单选题（共 2 题，每题 2 分，共 4 分）"),
        "{md}"
    );
    assert!(!md.contains("**答案："));
    let key = markdown(
        &p,
        &PrintOptions {
            document: Document::Key,
            ..Default::default()
        },
    );
    assert_eq!(key.matches("**答案：").count(), 12);
}
