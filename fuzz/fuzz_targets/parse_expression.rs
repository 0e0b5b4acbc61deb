//! Fuzz target for the expression parser: no input may panic, and whatever parses must
//! print to canonical text that parses back to the same tree and prints stably; its
//! structured tree, when it has one, must agree with its text, and so must the text
//! read back from that tree.

#![no_main]

use libfuzzer_sys::fuzz_target;
use synclens::expr::{
    Catalog, Consistency, check_consistency, check_length, from_source_tree, parse, print,
    to_source_tree,
};
use synclens::model::Field;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = check_length(text);
    let Ok(expr) = parse(text) else {
        return;
    };
    let printed = print(&expr);
    let reparsed = parse(&printed).expect("canonical text parses");
    assert_eq!(reparsed.without_spans(), expr.without_spans(), "{printed}");
    assert_eq!(print(&reparsed), printed);
    let catalog = Catalog::builtin();
    let _ = catalog.check(&expr);
    let Ok(tree) = to_source_tree(&expr, &catalog) else {
        return;
    };
    assert_eq!(check_consistency(&tree, &catalog), Consistency::Agree, "{printed}");
    let back = from_source_tree(&tree, &catalog).expect("a built tree reads back");
    let mut mixed = tree;
    mixed.expression = Field::Value(print(&back));
    assert_eq!(check_consistency(&mixed, &catalog), Consistency::Agree, "{printed}");
});
