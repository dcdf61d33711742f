//! Ids for imported issues and actors, derived from names people wrote.
//!
//! zopa ids are short snake_case words that users type on the command line and
//! in proposals, so imported ones are made of ASCII lowercase letters, digits
//! and underscores, start with a letter, and are unique within their kind
//! (`price`, `price_2`, ..). Names themselves are kept as written.

use std::collections::HashSet;

/// Hands out unique ids.
#[derive(Debug, Default)]
pub struct Ids {
    taken: HashSet<String>,
}

impl Ids {
    /// A unique id for `name`; `fallback` (e.g. "issue") stands in when the name
    /// has no ASCII letters or digits, or starts with a digit.
    pub fn unique(&mut self, name: &str, fallback: &str) -> String {
        let base = identifier(name, fallback);
        let mut id = base.clone();
        let mut n = 2;
        while !self.taken.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }
}

/// `name` as a snake_case identifier: runs of other characters become one `_`.
pub fn identifier(name: &str, fallback: &str) -> String {
    let mut id = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('_') {
            id.push('_');
        }
    }
    let id = id.trim_end_matches('_');
    if id.is_empty() {
        fallback.to_string()
    } else if id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}_{id}")
    } else {
        id.to_string()
    }
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
