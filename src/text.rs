//! Text helpers shared by the stages (below all of them).

/// Removes the accents and ligatures French uses, and nothing else.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// A value quoted in a message, cut to `max` characters with an ellipsis when longer.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max).collect::<String>()) }
}

/// `1 500`, `12,5`: thin no-break spaces between thousands, decimal comma, two decimals at most.
/// Formatted from the decimal text of the number, never through an integer type: a total can be
/// as large as an `f64` holds and is shown as it is, never wrapped or capped.
pub fn number(n: f64) -> String {
    if !n.is_finite() {
        return "—".into();
    }
    let text = format!("{:.2}", n.abs());
    let (digits, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    if n < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') { format!("-{out}") } else { out }
}

#[cfg(test)]
mod number_tests {
    use super::number;

    #[test]
    fn numbers_never_wrap_nor_saturate() {
        assert_eq!(number(1500.0), "1\u{202F}500");
        assert_eq!(number(12.5), "12,5");
        assert_eq!(number(1.999), "2");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(-1234.25), "-1\u{202F}234,25");
        // Two amounts near the old integer limit: their sum is shown whole, not as 18 446 744 073 709 551 615.
        let sum = number(9.2e18 + 9.2e18);
        assert_eq!(sum, "18\u{202F}400\u{202F}000\u{202F}000\u{202F}000\u{202F}000\u{202F}000");
        assert_eq!(number(f64::NAN), "—");
    }
}
