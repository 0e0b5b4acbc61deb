//! Character tables of the .NET regular-expression grammar: which characters are
//! word characters (as far as can be known without Unicode tables), which end a run of
//! literal text, what the `x` option skips, and the Unicode categories and named blocks
//! `\p{..}` accepts.

/// Stands in for UTF-16 units that are not scalar values (surrogate halves);
/// like them, U+FFFF is not a word character and not special.
pub(super) const NON_SCALAR: char = '\u{FFFF}';

/// Unicode general categories accepted by `\p{..}`.
pub(super) const CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
    "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm",
    "So", "Z", "Zl", "Zp", "Zs",
];

/// Named blocks (and .NET's internal XML classes) accepted by `\p{..}`.
pub(super) const BLOCKS: &[&str] = &[
    "IsAlphabeticPresentationForms",
    "IsArabic",
    "IsArabicPresentationForms-A",
    "IsArabicPresentationForms-B",
    "IsArmenian",
    "IsArrows",
    "IsBasicLatin",
    "IsBengali",
    "IsBlockElements",
    "IsBopomofo",
    "IsBopomofoExtended",
    "IsBoxDrawing",
    "IsBraillePatterns",
    "IsBuhid",
    "IsCJKCompatibility",
    "IsCJKCompatibilityForms",
    "IsCJKCompatibilityIdeographs",
    "IsCJKRadicalsSupplement",
    "IsCJKSymbolsandPunctuation",
    "IsCJKUnifiedIdeographs",
    "IsCJKUnifiedIdeographsExtensionA",
    "IsCherokee",
    "IsCombiningDiacriticalMarks",
    "IsCombiningDiacriticalMarksforSymbols",
    "IsCombiningHalfMarks",
    "IsCombiningMarksforSymbols",
    "IsControlPictures",
    "IsCurrencySymbols",
    "IsCyrillic",
    "IsCyrillicSupplement",
    "IsDevanagari",
    "IsDingbats",
    "IsEnclosedAlphanumerics",
    "IsEnclosedCJKLettersandMonths",
    "IsEthiopic",
    "IsGeneralPunctuation",
    "IsGeometricShapes",
    "IsGeorgian",
    "IsGreek",
    "IsGreekExtended",
    "IsGreekandCoptic",
    "IsGujarati",
    "IsGurmukhi",
    "IsHalfwidthandFullwidthForms",
    "IsHangulCompatibilityJamo",
    "IsHangulJamo",
    "IsHangulSyllables",
    "IsHanunoo",
    "IsHebrew",
    "IsHighPrivateUseSurrogates",
    "IsHighSurrogates",
    "IsHiragana",
    "IsIPAExtensions",
    "IsIdeographicDescriptionCharacters",
    "IsKanbun",
    "IsKangxiRadicals",
    "IsKannada",
    "IsKatakana",
    "IsKatakanaPhoneticExtensions",
    "IsKhmer",
    "IsKhmerSymbols",
    "IsLao",
    "IsLatin-1Supplement",
    "IsLatinExtended-A",
    "IsLatinExtended-B",
    "IsLatinExtendedAdditional",
    "IsLetterlikeSymbols",
    "IsLimbu",
    "IsLowSurrogates",
    "IsMalayalam",
    "IsMathematicalOperators",
    "IsMiscellaneousMathematicalSymbols-A",
    "IsMiscellaneousMathematicalSymbols-B",
    "IsMiscellaneousSymbols",
    "IsMiscellaneousSymbolsandArrows",
    "IsMiscellaneousTechnical",
    "IsMongolian",
    "IsMyanmar",
    "IsNumberForms",
    "IsOgham",
    "IsOpticalCharacterRecognition",
    "IsOriya",
    "IsPhoneticExtensions",
    "IsPrivateUse",
    "IsPrivateUseArea",
    "IsRunic",
    "IsSinhala",
    "IsSmallFormVariants",
    "IsSpacingModifierLetters",
    "IsSpecials",
    "IsSuperscriptsandSubscripts",
    "IsSupplementalArrows-A",
    "IsSupplementalArrows-B",
    "IsSupplementalMathematicalOperators",
    "IsSyriac",
    "IsTagalog",
    "IsTagbanwa",
    "IsTaiLe",
    "IsTamil",
    "IsTelugu",
    "IsThaana",
    "IsThai",
    "IsTibetan",
    "IsUnifiedCanadianAboriginalSyllabics",
    "IsVariationSelectors",
    "IsYiRadicals",
    "IsYiSyllables",
    "IsYijingHexagramSymbols",
    "_xmlC",
    "_xmlD",
    "_xmlI",
    "_xmlW",
];

/// Whether a character is a .NET word character (`[\p{L}\p{Mn}\p{Nd}\p{Pc}]`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Word {
    Yes,
    No,
    /// Non-ASCII: the answer needs Unicode tables this module does not carry.
    Maybe,
}

pub(super) fn word_kind(c: char) -> Word {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() || c == '_' {
            Word::Yes
        } else {
            Word::No
        }
    } else if c == NON_SCALAR {
        Word::No
    } else {
        Word::Maybe
    }
}

/// Lenient word-character test used where a name is being scanned.
pub(super) fn is_name_char(c: char) -> bool {
    word_kind(c) != Word::No
}

/// Characters that end a run of literal text.
pub(super) fn is_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '[' | '(' | ')' | '|' | '^' | '$' | '.' | '*' | '+' | '?' | '{'
    )
}

/// Whitespace skipped under the `x` option (note: not `\v`).
pub(super) fn is_x_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000C}')
}

pub(super) fn is_known_property(name: &str) -> bool {
    CATEGORIES.contains(&name) || BLOCKS.contains(&name)
}
