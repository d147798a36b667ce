//! Text folding for comparing answers and finding near-duplicate questions.
//!
//! Two texts that a reader would call "the same answer" fold to the same string: full-width
//! and half-width forms, letter case, spaces, punctuation, and traditional or simplified
//! characters (OpenCC's character table) are all folded away.

mod t2s_table;

/// The simplified form of one character (itself when it has none).
pub fn to_simplified(c: char) -> char {
    match t2s_table::T2S.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => t2s_table::T2S[i].1,
        Err(_) => c,
    }
}

/// Full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space to ASCII.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Punctuation and symbols that never change the meaning of a short answer.
fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{2010}'..='\u{206F}' // general punctuation: dashes, quotes, ellipsis, ·
                | '\u{3001}'..='\u{3003}' // 、。〃
                | '\u{3008}'..='\u{3011}' // 〈〉《》「」『』【】
                | '\u{3014}'..='\u{301F}' // 〔〕〖〗 …
                | '\u{30FB}' // ・
                | '\u{00B7}' // ·
                | '\u{FE10}'..='\u{FE1F}' // vertical forms
                | '\u{FE30}'..='\u{FE6F}' // CJK compatibility forms, small forms
                | '\u{FF5F}'..='\u{FF65}' // half-width brackets and 。「」、・
        )
}

/// Folds a text for comparison: half-width, lower case, simplified characters, without
/// spaces or punctuation.
///
/// ```
/// use kaotang::text::fold;
/// assert_eq!(fold("遵義會議"), fold("遵义会议"));
/// assert_eq!(fold(" ＡＢＣ，"), "abc");
/// assert_eq!(fold("《论持久战》"), fold("论持久战"));
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().map(half_width) {
        if is_ignorable(c) {
            continue;
        }
        for l in c.to_lowercase() {
            out.push(to_simplified(l));
        }
    }
    out
}

/// Number of Han characters (汉字) in a text, the usual length measure for Chinese prose.
pub fn han_count(s: &str) -> usize {
    s.chars()
        .filter(|c| matches!(*c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_scripts_width_case_and_punctuation() {
        assert_eq!(fold("中華人民共和國"), "中华人民共和国");
        assert_eq!(fold("毛澤東思想"), "毛泽东思想");
        assert_eq!(fold("Ｔ"), "t");
        assert_eq!(fold("“两弹一星”精神"), "两弹一星精神");
        assert_eq!(fold("一 国 两 制"), "一国两制");
        assert_eq!(fold("1921年"), "1921年");
    }

    #[test]
    fn table_is_sorted() {
        assert!(t2s_table::T2S.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn counts_han() {
        assert_eq!(han_count("中共一大，1921年召开。"), 7);
    }
}
