//! Reading GENIUS domain and profile files into plain structs, with every
//! problem located at the element or attribute that causes it.
//!
//! The reader follows what GENIUS itself reads (`genius.core.Domain` and the
//! `Evaluator*` classes): a domain lists issues under `<objective>` in
//! `<utility_space>` (optionally inside `<negotiation_template>`); a discrete
//! issue has `<item value=..>` children, an integer issue `lowerbound` and
//! `upperbound` attributes, a real issue a `<range lowerbound upperbound>` child
//! (each form is accepted for both). A profile repeats the issues with an
//! `evaluation` per item, or an `<evaluator ftype="linear">` (integer: `slope`,
//! `offset`, applied to `x − lowerbound`; real: `parameter1` slope and
//! `parameter0` offset, applied to `x`), `<weight index value>` per issue, and
//! optional `<reservation value>` and `<discount_factor value>`. Profile issues
//! are matched to the domain's by name, items by value. What the importer does
//! not model (nested objectives, triangular evaluators) is refused, not guessed.

use super::{ImportError, Warning};
use crate::scenario::Location;
use crate::scenario::error::did_you_mean;
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::HashMap;

/// A file's name (as the user gave it) and its text.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// A parsed XML file and how to point into it.
pub(super) struct Xml<'a> {
    pub file: &'a str,
    pub doc: Document<'a>,
}

type Result<T> = std::result::Result<T, ImportError>;

impl<'a> Xml<'a> {
    pub fn parse(source: &Source<'a>) -> Result<Xml<'a>> {
        let options = ParsingOptions {
            allow_dtd: false,
            nodes_limit: 1_000_000,
            ..ParsingOptions::default()
        };
        let doc = Document::parse_with_options(source.text, options).map_err(|err| {
            let pos = err.pos();
            let text = err.to_string();
            let suffix = format!(" at {}:{}", pos.row, pos.col);
            let what = text.strip_suffix(&suffix).unwrap_or(&text);
            ImportError::at(
                source.name,
                Location {
                    line: pos.row as usize,
                    col: pos.col as usize,
                },
                format!("the XML is malformed: {what}"),
                "fix the XML there (is a tag unclosed or a quote missing?), or check that this is the GENIUS file you meant",
            )
        })?;
        Ok(Xml {
            file: source.name,
            doc,
        })
    }

    /// Where a node starts.
    pub fn at(&self, node: Node) -> Location {
        let pos = self.doc.text_pos_at(node.range().start);
        Location {
            line: pos.row as usize,
            col: pos.col as usize,
        }
    }

    /// Where an attribute starts, or its element if it is absent.
    pub fn attr_at(&self, node: Node, name: &str) -> Location {
        match node.attribute_node(name) {
            Some(attr) => {
                let pos = self.doc.text_pos_at(attr.range().start);
                Location {
                    line: pos.row as usize,
                    col: pos.col as usize,
                }
            }
            None => self.at(node),
        }
    }

    pub fn error(&self, at: Location, message: impl Into<String>, help: &str) -> ImportError {
        ImportError::at(self.file, at, message, help)
    }

    pub fn warning(&self, at: Location, message: impl Into<String>) -> Warning {
        Warning {
            file: self.file.to_string(),
            at,
            message: message.into(),
        }
    }

    /// A required attribute.
    pub fn attr<'n>(&self, node: Node<'n, 'a>, name: &str, help: &str) -> Result<&'n str> {
        node.attribute(name).ok_or_else(|| {
            self.error(
                self.at(node),
                format!("<{}> has no `{name}` attribute", node.tag_name().name()),
                help,
            )
        })
    }

    /// A required finite number attribute.
    pub fn number(&self, node: Node, name: &str, help: &str) -> Result<f64> {
        let text = self.attr(node, name, help)?;
        match text.trim().parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(self.error(
                self.attr_at(node, name),
                format!(
                    "`{name}` of <{}> must be a number, found \"{text}\"",
                    node.tag_name().name()
                ),
                help,
            )),
        }
    }

    /// The `<utility_space>` element (the root, or a child of the root).
    pub fn utility_space(&self, what: &str) -> Result<Node<'_, 'a>> {
        let root = self.doc.root_element();
        let space = if root.has_tag_name("utility_space") {
            Some(root)
        } else {
            children(root, "utility_space").next()
        };
        space.ok_or_else(|| {
            self.error(
                self.at(root),
                format!(
                    "not a GENIUS {what}: the root element is <{}>, and no <utility_space> is inside it",
                    root.tag_name().name()
                ),
                "a GENIUS domain is <negotiation_template><utility_space>..; a profile is <utility_space>..",
            )
        })
    }

    /// The `<issue>` elements of a utility space and the element that holds them.
    pub fn issues<'n>(&self, space: Node<'n, 'a>) -> Result<(Node<'n, 'a>, Vec<Node<'n, 'a>>)> {
        let holder = children(space, "objective").next().unwrap_or(space);
        if let Some(nested) = children(holder, "objective").next() {
            return Err(self.error(
                self.at(nested),
                "nested objectives are not supported",
                "zopa imports flat domains: list every <issue> directly under the top <objective>",
            ));
        }
        let issues: Vec<Node> = children(holder, "issue").collect();
        if issues.is_empty() {
            return Err(self.error(
                self.at(holder),
                "no <issue> elements found",
                "check that this is a GENIUS domain or profile: issues sit under <objective>",
            ));
        }
        Ok((holder, issues))
    }
}

/// The element children of `node` with this tag name.
pub(super) fn children<'n, 'a: 'n>(
    node: Node<'n, 'a>,
    name: &'static str,
) -> impl Iterator<Item = Node<'n, 'a>> {
    node.children()
        .filter(move |child| child.is_element() && child.has_tag_name(name))
}

/// What kind of issue an `<issue>` element declares.
pub(super) fn issue_type<'n>(node: Node<'n, '_>) -> Option<&'n str> {
    ["type", "etype", "vtype"]
        .iter()
        .find_map(|name| node.attribute(*name))
}

/// `lowerbound` and `upperbound`, as attributes or on a `<range>` child.
pub(super) fn bounds(xml: &Xml, node: Node) -> Result<(f64, f64)> {
    let help = "give the range as lowerbound=\"..\" upperbound=\"..\" (or a <range lowerbound upperbound> child)";
    let holder = if node.has_attribute("lowerbound") {
        node
    } else {
        children(node, "range").next().unwrap_or(node)
    };
    let lo = xml.number(holder, "lowerbound", help)?;
    let hi = xml.number(holder, "upperbound", help)?;
    Ok((lo, hi))
}

/// A `name` that is not in `known`, with the closest known one if any.
pub(super) fn unknown_help(name: &str, known: &[String], what: &str) -> String {
    match did_you_mean(name, known.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("the domain's {what}: {}", known.join(", ")),
    }
}

/// Each name's first occurrence, reporting a repeat as an error.
pub(super) fn unique_names<'n>(
    xml: &Xml,
    nodes: &[(Node<'n, '_>, String)],
    what: &str,
) -> Result<HashMap<String, usize>> {
    let mut seen = HashMap::new();
    for (index, (node, name)) in nodes.iter().enumerate() {
        if seen.insert(name.clone(), index).is_some() {
            return Err(xml.error(
                xml.at(*node),
                format!("{what} `{name}` appears twice"),
                &format!("give every {what} its own name"),
            ));
        }
    }
    Ok(seen)
}
