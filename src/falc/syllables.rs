//! French syllables, counted on the spelling: groups of vowels, minus the silent final « e ».
//!
//! Close to what readability tools count from hyphenation points (textstat uses pyphen), which is
//! what the scores are compared with: `personnes` 2, `médecin` 3, `œuvre` 1, `pharmacie` 3.

fn vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'â'
            | 'ä'
            | 'é'
            | 'è'
            | 'ê'
            | 'ë'
            | 'î'
            | 'ï'
            | 'ô'
            | 'ö'
            | 'ù'
            | 'û'
            | 'ü'
            | 'ÿ'
            | 'œ'
            | 'æ'
    )
}

/// Syllables of one word (at least 1 for a word with a letter).
pub fn count(word: &str) -> usize {
    let w: Vec<char> = word.to_lowercase().chars().filter(|c| c.is_alphabetic()).collect();
    if w.is_empty() {
        return 0;
    }
    let mut groups = 0;
    let mut prev = false;
    for (i, c) in w.iter().enumerate() {
        // « y » between two vowels sounds twice (« crayon ») but is written once: one group.
        let v = vowel(*c)
            && !(*c == 'u' && i > 0 && matches!(w[i - 1], 'q' | 'g') && w.get(i + 1).is_some_and(|n| vowel(*n)));
        if v && !prev {
            groups += 1;
        }
        prev = v;
    }
    // Silent final e: « -e », « -es », and the verb ending « -ent » after a consonant.
    let n = w.len();
    let silent = |end: &[char]| n > end.len() + 1 && w[n - end.len()..] == *end && !vowel(w[n - end.len() - 1]);
    if groups > 1 && (silent(&['e']) || silent(&['e', 's'])) {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_like_hyphenation() {
        for (w, n) in [
            ("personnes", 2),
            ("médecin", 3),
            ("œuvre", 1),
            ("vulnérables", 3),
            ("pharmacie", 3),
            ("santé", 2),
            ("accompagnement", 5),
            ("quelque", 2),
            ("le", 1),
            ("a", 1),
            ("PFIDASS", 2),
            ("13", 0),
        ] {
            assert_eq!(count(w), n, "{w}");
        }
    }
}
