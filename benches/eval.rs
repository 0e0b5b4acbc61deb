//! Expression evaluation throughput: every attribute mapping of the largest real
//! sample (`../shared/samples/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json`)
//! evaluated for 10,000 generated users (each attribute the mappings read, with
//! padding for Trim, multi-valued attributes as lists, AD numbers for pwdLastSet, and
//! every tenth user without userPrincipalName or displayName). Reported as evaluations
//! per second. Skipped with a message when the sample is absent. Run:
//! `cargo bench --bench eval`.

#![allow(clippy::print_stderr)]

use std::path::Path;

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use synclens::expr::eval::{EvalOptions, Evaluator, Object, Value};
use synclens::expr::{Expr, parse};

fn main() {
    divan::main();
}

const SAMPLE: &str =
    "../shared/samples/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json";
const USERS: usize = 10_000;

/// The parsed expression of every attribute mapping's source, `None` without the
/// sample.
fn mappings() -> Option<Vec<Expr>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("note: {SAMPLE} not found; the eval benchmark is skipped");
        return None;
    };
    let text = String::from_utf8_lossy(&bytes);
    let value: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("the sample is JSON");
    let mut found = Vec::new();
    let mut stack = vec![&value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(object) => {
                if let Some(serde_json::Value::Array(mappings)) = object.get("attributeMappings") {
                    for mapping in mappings {
                        if let Some(serde_json::Value::String(text)) =
                            mapping.pointer("/source/expression")
                        {
                            found.push(parse(text).expect("sample expressions parse"));
                        }
                    }
                }
                stack.extend(object.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    Some(found)
}

const MULTI_VALUED: &[&str] = &[
    "proxyAddresses",
    "postOfficeBox",
    "url",
    "otherMobile",
    "otherTelephone",
    "otherHomePhone",
    "otherPager",
    "otherIpPhone",
    "otherFacsimileTelephoneNumber",
];

/// `USERS` users with every attribute the expressions read.
fn users(expressions: &[Expr]) -> Vec<Object> {
    let mut names: Vec<&str> = expressions
        .iter()
        .flat_map(|expr| expr.attribute_references().map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    names.dedup();
    (0..USERS)
        .map(|i| {
            let mut user = Object::new();
            for name in &names {
                let value = match *name {
                    "pwdLastSet" => Value::String(format!(
                        "{}",
                        132_000_000_000_000_000_u64 + i as u64 * 1_000_000_000
                    )),
                    "userPrincipalName" | "displayName" if i % 10 == 0 => continue,
                    name if MULTI_VALUED.contains(&name) => Value::List(vec![
                        format!(" {name}-{i}-a "),
                        format!("{name}-{i}-b"),
                        format!("{name}-{i}-b"),
                    ]),
                    name => Value::String(format!("  {name} value {i} ")),
                };
                user.insert((*name).to_owned(), value);
            }
            user
        })
        .collect()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn every_mapping_for_10k_users(bencher: Bencher) {
    let Some(expressions) = mappings() else {
        return;
    };
    let users = users(&expressions);
    let evaluator = Evaluator::new();
    let options = EvalOptions {
        seed: Some(1),
        ..EvalOptions::default()
    };
    bencher
        .counter(ItemsCount::new(expressions.len() * users.len()))
        .bench(|| {
            for user in &users {
                for expr in &expressions {
                    black_box(evaluator.evaluate(expr, user, &options));
                }
            }
        });
}
