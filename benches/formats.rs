//! Importing a 100,000-row CSV (the Excel template), against reading the same bytes with the
//! `csv` crate alone (the floor: parsing without any checks).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kaotang::bank::Period;
use kaotang::formats::{Format, ImportOptions, import};

const ROWS: usize = 100_000;

/// Rows cycling through single, multiple, judge and fill questions, each stem distinct.
fn csv_text() -> String {
    let mut s = String::from("题型,题干,选项A,选项B,选项C,选项D,答案,解析,难度,知识点,出处\n");
    for i in 0..ROWS {
        let row = match i % 4 {
            0 => format!(
                "单选题,第{i}题：中共一大在哪一年召开？,1919年,1921年,1927年,1935年,B,1921年7月23日，中共一大在上海开幕。,易,建党,《中国共产党简史》第一章\n"
            ),
            1 => format!(
                "多选题,第{i}题：三大战役是指哪几次战役？,辽沈战役,淮海战役,平津战役,渡江战役,\"A,B,C\",辽沈、淮海、平津三大战役。,中,三大战役,中国共产党简史\n"
            ),
            2 => format!(
                "判断题,第{i}题：遵义会议于1935年1月召开。,,,,,√,1935年1月遵义会议召开。,1,遵义会议,中国共产党简史\n"
            ),
            _ => format!(
                "填空题,第{i}题：十一届三中全会于____年12月召开。,,,,,1978|一九七八,1978年12月召开。,2,改革开放,中国共产党简史\n"
            ),
        };
        s.push_str(&row);
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = csv_text();
    let opts = ImportOptions {
        period: Some(Period::NewDemocraticRevolution),
        ..Default::default()
    };
    assert_eq!(
        import(Format::Csv, "bench.csv", text.as_bytes(), &opts)
            .map(|i| i.bank.questions.len())
            .ok(),
        Some(ROWS)
    );
    let mut g = c.benchmark_group("formats");
    g.sample_size(10);
    g.bench_function("csv_crate_read_100k_rows (baseline)", |b| {
        b.iter(|| {
            let mut r = csv::ReaderBuilder::new().from_reader(black_box(text.as_bytes()));
            r.records().filter_map(Result::ok).count()
        })
    });
    g.bench_function("import_csv_100k_rows", |b| {
        b.iter(|| import(Format::Csv, "bench.csv", black_box(text.as_bytes()), &opts).is_ok())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
