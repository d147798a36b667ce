//! Generates `js/generated.d.ts`, the TypeScript shapes of the core's JSON output types,
//! from their Rust definitions (`schemars` schemas as they serialize, turned into TypeScript
//! here), and fails when the committed file differs. `KAOTANG_BLESS=1` rewrites it.

// A test stops on the first failed call.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

/// The output types whose shapes are generated (their dependencies come along).
fn schemas() -> serde_json::Map<String, Value> {
    let mut g = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    fn add<T: JsonSchema>(g: &mut schemars::SchemaGenerator) {
        g.subschema_for::<T>();
    }
    add::<kaotang::bank::Question>(&mut g);
    add::<kaotang::bank::QuestionView>(&mut g);
    add::<kaotang::bank::Reading>(&mut g);
    add::<kaotang::bank::BankInfo>(&mut g);
    add::<kaotang::contest::ParticipantView>(&mut g);
    add::<kaotang::contest::KeyItem>(&mut g);
    add::<kaotang::contest::ItemReport>(&mut g);
    add::<kaotang::contest::Blueprint>(&mut g);
    add::<kaotang::contest::Assembly>(&mut g);
    add::<kaotang::contest::StageConfig>(&mut g);
    add::<kaotang::contest::ParticipantResult>(&mut g);
    add::<kaotang::contest::Ranked>(&mut g);
    add::<kaotang::contest::UnitStats>(&mut g);
    add::<kaotang::contest::Lottery>(&mut g);
    add::<kaotang::contest::TeamStanding>(&mut g);
    add::<kaotang::study::Card>(&mut g);
    add::<kaotang::study::LearnerReport>(&mut g);
    add::<kaotang::study::DailyPlan>(&mut g);
    add::<kaotang::study::WrongBook>(&mut g);
    add::<kaotang::study::Entry>(&mut g);
    add::<kaotang::study::Feedback>(&mut g);
    add::<kaotang::study::Step>(&mut g);
    add::<kaotang::study::Summary>(&mut g);
    g.take_definitions(true)
}

fn ts(schema: &Value, indent: &str) -> String {
    let Value::Object(s) = schema else {
        return "unknown".into();
    };
    if let Some(Value::String(r)) = s.get("$ref") {
        let name = r.rsplit('/').next().unwrap().to_owned();
        // Fields beside the reference (the tag of an internally tagged newtype variant).
        return if s.contains_key("properties") {
            format!("({} & {name})", object(s, indent))
        } else {
            name
        };
    }
    if let Some(c) = s.get("const") {
        return c.to_string();
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        return e
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(" | ");
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(v)) = s.get(key) {
            let mut parts: Vec<String> = v.iter().map(|x| ts(x, indent)).collect();
            parts.dedup();
            let union = parts.join(" | ");
            // Fields beside the variants (a struct with a flattened enum).
            return if s.contains_key("properties") {
                format!("{} & ({union})", object(s, indent))
            } else {
                union
            };
        }
    }
    if let Some(Value::Array(v)) = s.get("allOf") {
        return v
            .iter()
            .map(|x| ts(x, indent))
            .collect::<Vec<_>>()
            .join(" & ");
    }
    let one = |t: &str| -> String {
        match t {
            "string" => "string".into(),
            "integer" | "number" => "number".into(),
            "boolean" => "boolean".into(),
            "null" => "null".into(),
            "array" => match (s.get("prefixItems"), s.get("items")) {
                (Some(Value::Array(p)), _) => {
                    format!(
                        "[{}]",
                        p.iter()
                            .map(|x| ts(x, indent))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
                (_, Some(i)) => {
                    let t = ts(i, indent);
                    if t.contains(' ') {
                        format!("({t})[]")
                    } else {
                        format!("{t}[]")
                    }
                }
                _ => "unknown[]".into(),
            },
            "object" => object(s, indent),
            _ => "unknown".into(),
        }
    };
    match s.get("type") {
        Some(Value::String(t)) => one(t),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(one)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if s.contains_key("properties") => object(s, indent),
        _ => "unknown".into(),
    }
}

fn object(s: &serde_json::Map<String, Value>, indent: &str) -> String {
    let Some(Value::Object(props)) = s.get("properties") else {
        return match s.get("additionalProperties") {
            Some(v @ Value::Object(_)) => format!("Record<string, {}>", ts(v, indent)),
            _ => "Record<string, never>".into(),
        };
    };
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for (name, p) in props {
        if let Some(d) = p.get("description").and_then(Value::as_str) {
            writeln!(
                out,
                "{inner}/** {} */",
                d.replace("*/", "* /").replace('\n', " ")
            )
            .unwrap();
        }
        let opt = if required.contains(&name.as_str()) {
            ""
        } else {
            "?"
        };
        writeln!(out, "{inner}{name}{opt}: {};", ts(p, &inner)).unwrap();
    }
    out.push_str(indent);
    out.push('}');
    out
}

fn generate() -> String {
    let mut out = String::from(
        "// Generated from the core's Rust types by crates/kaotang-wasm/tests/types.rs\n\
         // (`KAOTANG_BLESS=1 cargo test -p kaotang-wasm --test types`). Do not edit.\n",
    );
    for (name, schema) in schemas() {
        out.push('\n');
        if let Some(d) = schema.get("description").and_then(Value::as_str) {
            writeln!(
                out,
                "/** {} */",
                d.replace("*/", "* /").replace('\n', "\n * ")
            )
            .unwrap();
        }
        writeln!(out, "export type {name} = {};", ts(&schema, "")).unwrap();
    }
    out
}

#[test]
fn generated_types_are_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/generated.d.ts");
    let fresh = generate();
    if std::env::var_os("KAOTANG_BLESS").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "js/generated.d.ts is out of date with the Rust types: rerun with KAOTANG_BLESS=1 and review the diff"
    );
}
