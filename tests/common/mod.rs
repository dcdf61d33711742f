//! Fixtures shared by several test modules (each uses some of them).

use zopa::scenario::{self, Scenario};

/// Divide the dollar with A's reservation Uniform(0.1, 0.3) and B's power
/// Uniform(0.95, 1.05): two uncertain inputs of very different weight.
pub fn uncertain_dollar() -> Scenario {
    let text = std::fs::read_to_string("scenarios/classroom/divide_the_dollar.ron").unwrap();
    let text = text
        .replacen(
            "reservation: 0.2,",
            "reservation: Uniform(min: 0.1, max: 0.3),",
            1,
        )
        .replacen(
            "power: 1.0,        // equal power\n",
            "power: Uniform(min: 0.95, max: 1.05),\n",
            1,
        );
    let scenario =
        scenario::parse(&text, "uncertain_dollar.ron").unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        scenario.uncertain_count(),
        2,
        "the replacements must both apply"
    );
    scenario
}

/// All text nodes of an SVG, trimmed, after checking it parses as XML.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("chart SVG is well-formed XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    document
        .descendants()
        .filter(|node| node.is_text())
        .filter_map(|node| node.text().map(|t| t.trim().to_string()))
        .filter(|t| !t.is_empty())
        .collect()
}
