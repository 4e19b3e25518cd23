//! A small CSS selector engine over the page model, for user rules and publishers' JSON-LD
//! `cssSelector`s: compounds, the four combinators, attribute operators and a few pseudo-classes.

use crate::page::{NodeId, Page};

/// A parsed selector list (`a, b`): matches when any of its selectors does.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector {
    alternatives: Vec<Complex>,
}

/// Compounds joined by combinators, stored right to left: `a > b c` is [c, (desc) b, (child) a].
#[derive(Debug, Clone, PartialEq)]
struct Complex {
    rightmost: Compound,
    rest: Vec<(Combinator, Compound)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Combinator {
    Descendant,
    Child,
    Adjacent,
    Sibling,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Compound {
    tag: Option<String>,
    parts: Vec<Simple>,
}

#[derive(Debug, Clone, PartialEq)]
enum Simple {
    Id(String),
    Class(String),
    Attr { name: String, op: AttrOp, value: String, ignore_case: bool },
    Not(Vec<Compound>),
    FirstChild,
    LastChild,
    OnlyChild,
    Empty,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum AttrOp {
    Exists,
    Equals,
    Includes,
    DashMatch,
    Prefix,
    Suffix,
    Substring,
}

/// Why a selector could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError(pub String);

impl std::fmt::Display for SelectorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Selector {
    /// Parses a selector list.
    pub fn parse(input: &str) -> Result<Selector, SelectorError> {
        let mut p = Parser { s: input.as_bytes(), src: input, i: 0 };
        let mut alternatives = Vec::new();
        loop {
            p.skip_ws();
            alternatives.push(p.complex()?);
            p.skip_ws();
            match p.peek() {
                None => break,
                Some(b',') => p.i += 1,
                Some(c) => return Err(SelectorError(format!("unexpected '{}' at {}", c as char, p.i))),
            }
        }
        Ok(Selector { alternatives })
    }

    /// Whether the element `node` matches.
    pub fn matches(&self, page: &Page, node: NodeId) -> bool {
        page.element(node).is_some() && self.alternatives.iter().any(|c| c.matches(page, node))
    }

    /// Every matching element below `root` (and `root`), in document order.
    pub fn select(&self, page: &Page, root: NodeId) -> Vec<NodeId> {
        page.descendants(root).filter(|&n| self.matches(page, n)).collect()
    }
}

impl Complex {
    fn matches(&self, page: &Page, node: NodeId) -> bool {
        self.rightmost.matches(page, node) && matches_rest(page, node, &self.rest)
    }
}

/// Matches the remaining compounds leftwards from `node`; descendant and sibling combinators
/// try each candidate (the depth of this recursion is the number of compounds, not the page's).
fn matches_rest(page: &Page, node: NodeId, rest: &[(Combinator, Compound)]) -> bool {
    let Some(((comb, compound), more)) = rest.split_first() else { return true };
    match comb {
        Combinator::Child => {
            page.parent(node).map(|p| compound.matches(page, p) && matches_rest(page, p, more)).unwrap_or(false)
        }
        Combinator::Descendant => {
            page.ancestors(node).any(|a| compound.matches(page, a) && matches_rest(page, a, more))
        }
        Combinator::Adjacent => page
            .prev_element_sibling(node)
            .map(|s| compound.matches(page, s) && matches_rest(page, s, more))
            .unwrap_or(false),
        Combinator::Sibling => {
            let mut at = page.prev_element_sibling(node);
            while let Some(s) = at {
                if compound.matches(page, s) && matches_rest(page, s, more) {
                    return true;
                }
                at = page.prev_element_sibling(s);
            }
            false
        }
    }
}

impl Compound {
    fn matches(&self, page: &Page, node: NodeId) -> bool {
        let Some(el) = page.element(node) else { return false };
        if let Some(tag) = &self.tag {
            if !tag.eq_ignore_ascii_case(&el.name) {
                return false;
            }
        }
        self.parts.iter().all(|part| match part {
            Simple::Id(id) => el.attr("id") == Some(id.as_str()),
            Simple::Class(c) => el.attr("class").map(|v| v.split_ascii_whitespace().any(|x| x == c)).unwrap_or(false),
            Simple::Attr { name, op, value, ignore_case } => {
                let Some(actual) = el.attr(name) else { return false };
                let (a, v) = if *ignore_case {
                    (actual.to_lowercase(), value.to_lowercase())
                } else {
                    (actual.to_string(), value.clone())
                };
                match op {
                    AttrOp::Exists => true,
                    AttrOp::Equals => a == v,
                    AttrOp::Includes => a.split_ascii_whitespace().any(|w| w == v),
                    AttrOp::DashMatch => a == v || a.starts_with(&format!("{v}-")),
                    AttrOp::Prefix => !v.is_empty() && a.starts_with(&v),
                    AttrOp::Suffix => !v.is_empty() && a.ends_with(&v),
                    AttrOp::Substring => !v.is_empty() && a.contains(&v),
                }
            }
            Simple::Not(list) => !list.iter().any(|c| c.matches(page, node)),
            Simple::FirstChild => page.parent(node).and_then(|p| page.child_elements(p).next()) == Some(node),
            Simple::LastChild => page.parent(node).and_then(|p| page.child_elements(p).last()) == Some(node),
            Simple::OnlyChild => page.parent(node).map(|p| page.child_elements(p).count() == 1).unwrap_or(false),
            Simple::Empty => page.children(node).iter().all(|&c| page.text(c).map(str::is_empty).unwrap_or(false)),
        })
    }
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
            self.i += 1;
        }
        self.i > start
    }

    fn err<T>(&self, what: &str) -> Result<T, SelectorError> {
        Err(SelectorError(format!("{what} at {}", self.i)))
    }

    fn complex(&mut self) -> Result<Complex, SelectorError> {
        let mut compounds = vec![self.compound()?];
        let mut combinators = Vec::new();
        loop {
            let had_ws = self.skip_ws();
            let comb = match self.peek() {
                Some(b'>') => Combinator::Child,
                Some(b'+') => Combinator::Adjacent,
                Some(b'~') => Combinator::Sibling,
                Some(b',') | Some(b')') | None => break,
                Some(_) if had_ws => Combinator::Descendant,
                Some(c) => return self.err(&format!("unexpected '{}'", c as char)),
            };
            if comb != Combinator::Descendant {
                self.i += 1;
                self.skip_ws();
            }
            combinators.push(comb);
            compounds.push(self.compound()?);
        }
        let rightmost = compounds.pop().unwrap_or_default();
        let rest = combinators.into_iter().rev().zip(compounds.into_iter().rev()).collect();
        Ok(Complex { rightmost, rest })
    }

    fn ident(&mut self) -> Result<String, SelectorError> {
        let start = self.i;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == b'\\' {
                // An escaped character stands for itself.
                self.i += 1;
                let rest = &self.src[self.i..];
                let Some(ch) = rest.chars().next() else { return self.err("escape at the end") };
                out.push(ch);
                self.i += ch.len_utf8();
            } else if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80 {
                let ch = self.src[self.i..].chars().next().unwrap_or('\u{fffd}');
                out.push(ch);
                self.i += ch.len_utf8().max(1);
            } else {
                break;
            }
        }
        if self.i == start {
            return self.err("a name is missing");
        }
        Ok(out)
    }

    fn compound(&mut self) -> Result<Compound, SelectorError> {
        let mut c = Compound::default();
        let mut universal = false;
        match self.peek() {
            Some(b'*') => {
                self.i += 1;
                universal = true;
            }
            Some(ch) if ch.is_ascii_alphabetic() || ch >= 0x80 => c.tag = Some(self.ident()?.to_ascii_lowercase()),
            _ => {}
        }
        loop {
            match self.peek() {
                Some(b'.') => {
                    self.i += 1;
                    c.parts.push(Simple::Class(self.ident()?));
                }
                Some(b'#') => {
                    self.i += 1;
                    c.parts.push(Simple::Id(self.ident()?));
                }
                Some(b'[') => {
                    self.i += 1;
                    c.parts.push(self.attribute()?);
                }
                Some(b':') => {
                    self.i += 1;
                    if self.peek() == Some(b':') {
                        return self.err("pseudo-elements are not supported");
                    }
                    let name = self.ident()?.to_ascii_lowercase();
                    c.parts.push(match name.as_str() {
                        "first-child" => Simple::FirstChild,
                        "last-child" => Simple::LastChild,
                        "only-child" => Simple::OnlyChild,
                        "empty" => Simple::Empty,
                        "not" => {
                            if self.peek() != Some(b'(') {
                                return self.err(":not needs parentheses");
                            }
                            self.i += 1;
                            let mut list = Vec::new();
                            loop {
                                self.skip_ws();
                                list.push(self.compound()?);
                                self.skip_ws();
                                match self.peek() {
                                    Some(b',') => self.i += 1,
                                    Some(b')') => {
                                        self.i += 1;
                                        break;
                                    }
                                    _ => return self.err(":not takes simple selectors"),
                                }
                            }
                            Simple::Not(list)
                        }
                        other => return Err(SelectorError(format!("the pseudo-class :{other} is not supported"))),
                    });
                }
                _ => break,
            }
        }
        if c.tag.is_none() && c.parts.is_empty() && !universal {
            return self.err("a selector is missing");
        }
        Ok(c)
    }

    fn attribute(&mut self) -> Result<Simple, SelectorError> {
        self.skip_ws();
        let name = self.ident()?.to_ascii_lowercase();
        self.skip_ws();
        let op = match (self.peek(), self.s.get(self.i + 1).copied()) {
            (Some(b']'), _) => {
                self.i += 1;
                return Ok(Simple::Attr { name, op: AttrOp::Exists, value: String::new(), ignore_case: false });
            }
            (Some(b'='), _) => AttrOp::Equals,
            (Some(b'~'), Some(b'=')) => AttrOp::Includes,
            (Some(b'|'), Some(b'=')) => AttrOp::DashMatch,
            (Some(b'^'), Some(b'=')) => AttrOp::Prefix,
            (Some(b'$'), Some(b'=')) => AttrOp::Suffix,
            (Some(b'*'), Some(b'=')) => AttrOp::Substring,
            _ => return self.err("an attribute operator is missing"),
        };
        self.i += if op == AttrOp::Equals { 1 } else { 2 };
        self.skip_ws();
        let value = match self.peek() {
            Some(q @ (b'"' | b'\'')) => {
                self.i += 1;
                let start = self.i;
                while self.peek().map(|c| c != q).unwrap_or(false) {
                    self.i += 1;
                }
                if self.peek() != Some(q) {
                    return self.err("a quote is not closed");
                }
                let v = self.src[start..self.i].to_string();
                self.i += 1;
                v
            }
            _ => self.ident()?,
        };
        self.skip_ws();
        let mut ignore_case = false;
        if matches!(self.peek(), Some(b'i' | b'I')) {
            ignore_case = true;
            self.i += 1;
            self.skip_ws();
        }
        if self.peek() != Some(b']') {
            return self.err("']' is missing");
        }
        self.i += 1;
        Ok(Simple::Attr { name, op, value, ignore_case })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const PAGE: &str = r#"<body><div id=main class="wrap story"><p class=lead>a</p><aside data-kind="promo box"><p>b</p></aside><p lang=en-GB>c</p><span></span></div><footer><a href="https://ads.example/x">d</a></footer></body>"#;

    fn texts(sel: &str) -> Vec<String> {
        let page = crate::input::html::parse(PAGE, None).unwrap();
        let s = Selector::parse(sel).unwrap_or_else(|e| panic!("{sel}: {e}"));
        s.select(&page, page.root()).into_iter().map(|n| format!("{}:{}", page.tag(n), page.text_content(n))).collect()
    }

    #[test]
    fn compounds_and_attributes() {
        assert_eq!(texts("p.lead"), ["p:a"]);
        assert_eq!(texts("#main"), ["div:abc"]);
        assert_eq!(texts("[data-kind~=promo]"), ["aside:b"]);
        assert_eq!(texts("[lang|=en]"), ["p:c"]);
        assert_eq!(texts("a[href^='https://ads.']"), ["a:d"]);
        assert_eq!(texts("a[href$=x], span:empty"), ["span:", "a:d"]);
        assert_eq!(texts("[data-kind*=\"BOX\" i]"), ["aside:b"]);
    }

    #[test]
    fn combinators() {
        assert_eq!(texts("div > p"), ["p:a", "p:c"]);
        assert_eq!(texts("div p"), ["p:a", "p:b", "p:c"]);
        assert_eq!(texts("p.lead + aside"), ["aside:b"]);
        assert_eq!(texts("p.lead ~ p"), ["p:c"]);
        assert_eq!(texts(".wrap.story > :first-child"), ["p:a"]);
        assert_eq!(texts("div > p:not(.lead)"), ["p:c"]);
        assert_eq!(texts("body > * > p"), ["p:a", "p:c"]);
        assert_eq!(texts("aside > p:last-child"), ["p:b"]);
    }

    #[test]
    fn bad_selectors_are_errors() {
        for bad in ["", "div >", ".", "#", "[x", "[x=\"a]", "p::before", "p:has-text(x)", "a b,", "p:not(", "{}"] {
            assert!(Selector::parse(bad).is_err(), "{bad} should not parse");
        }
    }
}
