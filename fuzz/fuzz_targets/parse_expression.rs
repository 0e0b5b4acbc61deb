//! Fuzz target for the expression parser: no input may panic, and whatever parses must
//! print to canonical text that parses back to the same tree, print stably, and go
//! through the catalog check and the source-tree bridge without panicking.

#![no_main]

use libfuzzer_sys::fuzz_target;
use synclens::expr::{Catalog, check_length, from_source_tree, parse, print, to_source_tree};

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
    if let Ok(tree) = to_source_tree(&expr, &catalog) {
        let _ = from_source_tree(&tree, &catalog);
    }
});
