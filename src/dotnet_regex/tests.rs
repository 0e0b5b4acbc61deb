//! Tests of the .NET regular-expression checker: patterns .NET accepts, patterns it
//! rejects (message and offset), and random input that must never panic.

use super::check;

fn short(pattern: &str) -> String {
    pattern.chars().take(60).collect()
}

#[track_caller]
fn ok(pattern: &str) {
    if let Err(e) = check(pattern) {
        panic!("{:?} must be accepted, got: {e}", short(pattern));
    }
}

#[track_caller]
fn bad(full: &str, needle: &str, offset: usize) {
    let pattern = &short(full);
    match check(full) {
        Ok(()) => panic!("{pattern:?} must be rejected ({needle})"),
        Err(e) => {
            assert!(
                e.message.contains(needle),
                "{pattern:?}: expected message containing {needle:?}, got {:?}",
                e.message
            );
            assert_eq!(
                e.offset, offset,
                "{pattern:?}: wrong offset for {:?}",
                e.message
            );
        }
    }
}

#[test]
fn microsoft_defaults_are_accepted() {
    ok("^SystemMailbox{");
    ok("^CAS_([^{]*){");
    ok(r"^CN\s*=\s*([^\,]*)\0ACNF");
    ok(r".*\@domain.com");
    ok("(1[0-9][0-9][0-9][0-9][0-9][0-9])");
    ok("^(?!admin).*$");
    ok("^FederatedEmail.*$");
    ok("^DiscoverySearchMailbox.*$");
}

#[test]
fn common_constructs_are_accepted() {
    for p in [
        "",
        "abc",
        "a|b|",
        "|",
        "()",
        "(?:)",
        r"(?<name>x)\k<name>",
        r"(?'name'x)\k'name'",
        r"(?<name>x)\<name>",
        r"\p{Lu}",
        r"\P{IsGreek}\p{IsLatin-1Supplement}\p{_xmlW}",
        "[a-z-[aeiou]]",
        "[a-z-[d-f-[e]]]",
        "(?i:abc)",
        "(?i)abc(?-i)def(?+m)",
        "(?imnsx-imnsx:a)",
        "x{2,}",
        "x{2}",
        "x{2,5}?",
        "a{,3}",
        "a{",
        "a{}",
        "a{x}",
        "a{1,2",
        "{",
        "}",
        "]",
        "a]",
        r"\u00e9",
        r"\x41",
        r"\cA\ca\c@\c_",
        r"\e\a\f\v\t\r\n\b\B\A\z\Z\G",
        "(?#comment)a",
        "a(?#comment)*",
        "(?>atomic)",
        "(?<=a)b",
        "(?<!a)b",
        "(?<name>a)(?<-name>b)",
        "(?<name>a)(?<other-name>b)",
        "(a)(?<-1>b)",
        "$",
        "^*",
        r"\b+",
        r"(a)\1",
        r"\1(a)",
        r"(?<n>a)\1",
        r"(a)(?<n>b)\2",
        r"\0",
        r"\12",
        r"\377",
        r"[\1]",
        r"[\b]",
        r"\W\S\D",
        r"[\d\w\s\p{L}-]",
        r"[\d-z]",
        "[]a]",
        "[^]a]",
        "[a-]",
        "[-a]",
        r"[a\-z]",
        r"[\x41-\x5A]",
        r"\.\*\+\?\(\)\[\]\{\}\|\^\$\\\/\#\ \-",
        "(?(1)a|b)(x)",
        "(?(name)a|b)(?<name>x)",
        "(?(?=a)ab|cd)",
        "(?(a)a|b)",
        "(?(xyz)a)",
        "(?x) a b # comment\n c",
        "(?x)a # {\n *",
        "(?n)(a)(?<n>b)\\1",
        "a*?b+?c??d{1,2}?",
        "(?s).",
        "é+",
        r"\é",
        "(?<é>x)\\k<é>",
        "[😀]",
        "😀+",
    ] {
        ok(p);
    }
}

#[test]
fn typical_scoping_filter_patterns_are_accepted() {
    for p in [
        r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$",
        r"(?i)^.*@contoso\.com$",
        r"^(?!.*(test|svc_)).*$",
        r"^\d{5}(-\d{4})?$",
        r"^(Sales|Marketing)\s*-\s*\w+$",
        r"O\'Brien",
        r"it\'s \'quoted",
        r"^[^\s@]+@[^\s@]+$",
        r"\b(?:[A-Z]{2,3})\b",
        r"^EXT_[0-9]{3,}#?$",
        "^$",
    ] {
        ok(p);
    }
}

#[test]
fn deprecated_angle_references_follow_dotnet() {
    // `\<name>` and `\'name'` are back references in .NET's parser.
    bad(r"\<b>", "Reference to undefined group name 'b'", 0);
    bad(r"x\'abc'", "Reference to undefined group name 'abc'", 1);
    ok(r"(?<b>x)\<b>");
    ok(r"(x)\<1>");
    // Not closed: the `\<` is a literal `<`.
    ok(r"\<b");
    ok(r"\<");
    // A non-ASCII name may end early in .NET; stay lenient.
    ok(r"\<é>");
}

#[test]
fn unterminated_and_unbalanced() {
    bad("[abc", "Unterminated [] set", 0);
    bad("x[", "Unterminated [] set", 1);
    bad("[]", "Unterminated [] set", 0);
    bad("[a-[b]", "Unterminated [] set", 0);
    bad("(abc", "Not enough )'s", 0);
    bad("(a(b)", "Not enough )'s", 0);
    bad("abc)", "Too many )'s", 3);
    bad("())", "Too many )'s", 2);
    bad("(?#abc", "Unterminated (?#...) comment", 0);
}

#[test]
fn quantifier_errors() {
    bad("*a", "Quantifier '*' following nothing", 0);
    bad("+a", "Quantifier '+' following nothing", 0);
    bad("?a", "Quantifier '?' following nothing", 0);
    bad("{2}", "Quantifier {x,y} following nothing", 0);
    bad("a|*", "following nothing", 2);
    bad("(*)", "following nothing", 1);
    bad("(?i)*", "following nothing", 4);
    bad("(?)", "following nothing", 1);
    bad("a**", "Nested quantifier '*'", 2);
    bad("a+*", "Nested quantifier", 2);
    bad("a???", "Nested quantifier '?'", 3);
    bad("a{2}{3}", "Nested quantifier '{'", 4);
    bad("x{3,2}", "Illegal {x,y} with x > y", 1);
    bad("x{99999999999}", "Int32.MaxValue", 1);
}

#[test]
fn class_errors() {
    bad("[z-a]", "range in reverse order", 1);
    bad(r"[\x5A-\x41]", "range in reverse order", 1);
    bad("[😃-😀]", "range in reverse order", 1);
    // .NET sees UTF-16: the low surrogate of 😀 starts a range that ends at
    // the high surrogate of 😃, which is smaller.
    bad("[😀-😃]", "UTF-16 code units", 1);
    bad(r"[a-\-]", "range in reverse order", 1);
    ok(r"[!-\-]");
    bad(r"[a-\d]", r"Cannot include class \d", 3);
    bad("[a-z-[b]c]", "subtraction must be the last", 8);
    bad(r"[\q]", r"Unrecognized escape sequence \q", 1);
    bad(r"[\p{Nope}]", "Unknown property 'Nope'", 1);
    bad(r"[\A]", r"Unrecognized escape sequence \A", 1);
}

#[test]
fn escape_errors() {
    bad(r"\q", r"Unrecognized escape sequence \q", 0);
    bad(r"ab\_", r"Unrecognized escape sequence \_", 2);
    bad("abc\\", r"Illegal \ at end of pattern", 3);
    bad(r"\x4", "Insufficient hexadecimal digits", 0);
    bad(r"\x4g", "Insufficient hexadecimal digits", 0);
    bad(r"\u12", "Insufficient hexadecimal digits", 0);
    bad(r"\c", "Missing control character", 0);
    bad(r"\c1", "Unrecognized control character", 0);
    bad(r"\p{NotAClass}", "Unknown property 'NotAClass'", 0);
    bad(r"\p{lu}", "Unknown property 'lu'", 0);
    bad(r"\p{é}x", "Unknown property", 0);
    bad(r"\pL", "Incomplete", 0);
    bad(r"\pLxx", "Malformed", 0);
    bad(r"\p{Lu", "Incomplete", 0);
}

#[test]
fn reference_errors() {
    bad(r"(a)\2", "Reference to undefined group number 2", 3);
    bad(r"\1", "Reference to undefined group number 1", 0);
    bad(r"\81", r"Unrecognized escape sequence \8", 0);
    bad(r"\k<nope>", "Reference to undefined group name 'nope'", 0);
    bad(r"\<nope>", "Reference to undefined group name 'nope'", 0);
    bad(r"\k<3>", "Reference to undefined group number 3", 0);
    bad(r"\k", r"Malformed \k<...>", 0);
    bad(r"\kx", r"Malformed \k<...>", 0);
    bad(r"(?<a>x)\k<a", r"Unrecognized escape sequence \k", 7);
    bad("(?<-nope>x)", "Reference to undefined group name 'nope'", 0);
    bad("(?<a-2>x)", "Reference to undefined group number 2", 0);
    bad("(?(2)a|b)", "(?(2) ) reference to undefined group", 0);
    bad("(?(2a)a|b)", "(?(2) ) malformed", 0);
}

#[test]
fn grouping_errors() {
    bad("(?<1a>x)", "Invalid group name", 0);
    bad("(?<a!>x)", "Invalid group name", 0);
    bad("(?<!>x", "Not enough", 0);
    bad("(?<>x)", "Invalid group name", 0);
    bad("(?<0>x)", "Capture number cannot be zero", 0);
    bad("(?P<x>y)", "Unrecognized grouping construct", 0);
    bad("(?z)", "Unrecognized grouping construct", 0);
    bad("(?", "Unrecognized grouping construct", 0);
    bad("(?'=a)", "Unrecognized grouping construct", 0);
    bad("(?<a", "Unrecognized grouping construct", 0);
    bad("(?(1)a|b|c)(x)", "Too many | in (?()|)", 0);
    bad("(?(x)a|b|c)", "Too many | in (?()|)", 0);
    bad("(?(?#c)a)", "cannot be comments", 0);
    bad("(?(?<n>a)a)", "cannot be named", 0);
    bad("(?(?'n'a)a)", "cannot be named", 0);
    ok("(?((?#c))a)");
    ok("(?(?<=a)b|c)");
    bad("(?(a)(?i)b)", "Unrecognized grouping construct", 5);
}

#[test]
fn inline_options_change_meaning() {
    // Under `x`, `#` starts a comment that hides the unbalanced `(`.
    ok("(?x)a # (");
    bad("a # (", "Not enough )'s", 4);
    // Under `n`, plain groups do not capture.
    bad(r"(?n)(a)\1", "Reference to undefined group number 1", 7);
    ok(r"(?n:(a))(b)\1");
    // Options end with the group that set them.
    ok("(?:(?x) #\n)#");
}

#[test]
fn display_is_one_based() {
    let e = check("abc)").unwrap_err();
    assert_eq!(e.offset, 3);
    assert_eq!(
        e.to_string(),
        "Too many )'s: this ) has no matching ( at character 4"
    );
    let e = check("é(").unwrap_err();
    assert_eq!(e.offset, 1);
    let e: Box<dyn std::error::Error> = Box::new(e);
    assert!(e.to_string().ends_with("at character 2"));
}

#[test]
fn offsets_count_characters_not_units() {
    bad("😀😀[", "Unterminated [] set", 2);
    bad(r"é\q", r"Unrecognized escape sequence \q", 1);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let n = 100_000;
    let open = "(".repeat(n);
    bad(&open, "Not enough )'s", n - 1);
    let balanced = format!("{}a{}", "(".repeat(n), ")".repeat(n));
    ok(&balanced);
    let atomic = format!("{}a{}", "(?>".repeat(n), ")".repeat(n));
    ok(&atomic);
    let sub = format!("[a{}", "-[a".repeat(n));
    bad(&sub, "Unterminated [] set", 0);
    let sub_ok = format!("[a{}{}", "-[a".repeat(n), "]".repeat(n + 1));
    ok(&sub_ok);
    let quantified = "(a)*".repeat(n);
    ok(&quantified);
    let refs = format!("(a){}", r"\1".repeat(n));
    ok(&refs);
    let mut names = String::new();
    for i in 0..2000 {
        names.push_str("(?<g");
        names.push_str(&i.to_string());
        names.push_str(">x)\\k<g");
        names.push_str(&i.to_string());
        names.push('>');
    }
    ok(&names);
}

/// Small deterministic generator (xorshift) so no crate is needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap_or(1)).unwrap_or(0)
    }
}

#[test]
fn random_input_never_panics() {
    const PIECES: &[&str] = &[
        "(", ")", "[", "]", "{", "}", "\\", "|", "^", "$", ".", "*", "+", "?", "-", ",", "<", ">",
        "'", "#", "=", "!", ":", " ", "\n", "a", "z", "k", "p", "P", "x", "u", "c", "0", "1", "2",
        "9", "é", "😀", "\u{FFFF}", "(?", "(?<", "(?(", "\\k<", "\\p{", "{2,3}", "-[", "(?#",
        "(?x)", "(?n)", "\\1", "\\u00", "L", "Lu}", "n>", "_",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut rejected = 0usize;
    for _ in 0..20_000 {
        let len = rng.below(24);
        let mut pattern = String::new();
        for _ in 0..len {
            pattern.push_str(PIECES[rng.below(PIECES.len())]);
        }
        if let Err(e) = check(&pattern) {
            rejected += 1;
            assert!(e.offset <= pattern.chars().count(), "{pattern:?}: {e}");
            assert!(!e.message.is_empty());
        }
    }
    assert!(rejected > 0);
}

#[test]
fn random_chars_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let len = rng.below(40);
        let pattern: String = (0..len)
            .map(|_| {
                let v = u32::try_from(rng.next() % 0x11_0000).unwrap_or(0);
                let ascii = u32::try_from(rng.next() % 0x80).unwrap_or(0);
                if rng.next().is_multiple_of(4) {
                    char::from_u32(v).unwrap_or('a')
                } else {
                    char::from_u32(ascii).unwrap_or('a')
                }
            })
            .collect();
        let _ = check(&pattern);
    }
}
