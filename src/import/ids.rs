//! Ids for imported issues and actors, derived from names people wrote.
//!
//! zopa ids are short snake_case words that users type on the command line and
//! in proposals, so imported ones are made of ASCII lowercase letters, digits
//! and underscores, start with a letter, and are unique within their kind
//! (`price`, `price_2`, ..). Names themselves are kept as written.
//!
//! They pass `zopa check`'s rules for ids by construction: at most
//! [`MAX_BASE_CHARS`] characters before a numeric suffix, which leaves room
//! for any count within [`MAX_ID_CHARS`]. Handing out an id costs the same
//! however many names share a base: each base remembers its next suffix.

use crate::scenario::text::MAX_ID_CHARS;
use std::collections::{HashMap, HashSet};

/// The longest id derived from a name, before a `_2`-style suffix.
pub const MAX_BASE_CHARS: usize = MAX_ID_CHARS - 16;

/// Hands out unique ids.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
    /// Per base: the next suffix to try.
    next: HashMap<String, u64>,
}

impl Ids {
    /// A unique id for `name`; `fallback` (e.g. "issue") stands in when the name
    /// has no ASCII letters or digits, or starts with a digit.
    pub fn unique(&mut self, name: &str, fallback: &str) -> String {
        let base = identifier(name, fallback);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let next = self.next.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}_{next}");
            *next += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// `name` as a snake_case identifier: runs of other characters become one `_`;
/// at most [`MAX_BASE_CHARS`] characters.
pub fn identifier(name: &str, fallback: &str) -> String {
    let mut id = String::with_capacity(name.len().min(MAX_BASE_CHARS + 1));
    for c in name.chars() {
        if id.len() >= MAX_BASE_CHARS {
            break;
        }
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_');
    let id = if id.is_empty() {
        fallback.to_string()
    } else if id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{id}")
    } else {
        id.to_string()
    };
    // A fallback prefix may push it past the limit; every character is ASCII.
    id[..id.len().min(MAX_BASE_CHARS)]
        .trim_end_matches('_')
        .to_string()
}

/// The parts of `names` after their longest common prefix that ends at a
/// separator (`_`, `-`, `.`, space), when that leaves every name non-empty and
/// distinct: `ItexvsCypress_Itex`, `ItexvsCypress_Cypress` → `Itex`, `Cypress`.
pub fn without_common_prefix(names: &[String]) -> Vec<String> {
    if names.len() < 2 {
        return names.to_vec();
    }
    let first = &names[0];
    let mut common = first.len();
    for name in &names[1..] {
        common = common.min(
            first
                .char_indices()
                .zip(name.chars())
                .find(|((_, a), b)| a != b)
                .map_or(first.len().min(name.len()), |((index, _), _)| index),
        );
    }
    let cut = first[..common]
        .rfind(['_', '-', '.', ' '])
        .map_or(0, |index| index + 1);
    let rest: Vec<String> = names.iter().map(|name| name[cut..].to_string()).collect();
    let distinct: HashSet<&String> = rest.iter().collect();
    if cut == 0 || rest.iter().any(|r| r.trim().is_empty()) || distinct.len() < rest.len() {
        names.to_vec()
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_snake_case_ascii() {
        assert_eq!(identifier("External Monitor", "issue"), "external_monitor");
        assert_eq!(identifier("  Size of Fund!", "issue"), "size_of_fund");
        assert_eq!(identifier("$4.37", "option"), "option_4_37");
        assert_eq!(identifier("Économie", "issue"), "conomie");
        assert_eq!(identifier("???", "actor"), "actor");
    }

    #[test]
    fn derived_ids_pass_check_however_long_or_many_the_names() {
        use crate::scenario::text::id_problem;
        let mut ids = Ids::default();
        let long = "Ministry of ".repeat(1000);
        let first = ids.unique(&long, "issue");
        assert!(first.len() <= MAX_BASE_CHARS, "{first}");
        assert_eq!(id_problem(&first, "an issue"), None);
        // 20,000 names with one base: each id in constant time, each valid.
        for _ in 0..20_000 {
            let id = ids.unique("€", "option");
            assert_eq!(id_problem(&id, "an option"), None, "{id}");
        }
        assert_eq!(ids.unique("€", "option"), "option_20001");
        assert_eq!(
            id_problem(&ids.unique(&"9".repeat(500), "issue"), "an issue"),
            None
        );
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("Price", "issue"), "price");
        assert_eq!(ids.unique("price", "issue"), "price_2");
        assert_eq!(ids.unique("PRICE", "issue"), "price_3");
    }

    #[test]
    fn common_prefixes_stop_at_separators() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            without_common_prefix(&names(&["ItexvsCypress_Itex", "ItexvsCypress_Cypress"])),
            names(&["Itex", "Cypress"])
        );
        assert_eq!(
            without_common_prefix(&names(&["Laptop-C-prof1", "Laptop-C-prof2"])),
            names(&["prof1", "prof2"])
        );
        assert_eq!(
            without_common_prefix(&names(&["England", "Zimbabwe"])),
            names(&["England", "Zimbabwe"])
        );
        assert_eq!(
            without_common_prefix(&names(&["a_x", "a_x"])),
            names(&["a_x", "a_x"])
        );
    }
}
