//! A small CSS selector engine over the page model, for user rules and publishers' JSON-LD
//! `cssSelector`s: selector lists with combinators, attributes, `:is/:not/:has` and `:nth-*`.
//!
//! Matching works on whole sets, not one element at a time: each compound becomes one boolean per
//! node, and combinators carry those sets forwards (`a b`) or backwards (`:has(b)`) in one pass
//! over the page. The cost is linear in the page's size times the selector's, whatever it nests.

use crate::page::{NodeId, Page};

/// How deeply pseudo-classes may nest (`:is(:not(:has(...)))`): hostile rules stay off the stack.
pub const MAX_NESTING: usize = 32;

/// Longer selectors are refused: matching costs the page's size times the selector's, and
/// selectors also come from the page itself (JSON-LD `cssSelector`).
pub const MAX_LEN: usize = 4096;

/// uBlock Origin's procedural operators: they need a live page (text, styles, script), not a
/// static selector, so a rule that uses one is reported rather than half applied.
pub const PROCEDURAL: &[&str] = &[
    "has-text",
    "upward",
    "xpath",
    "matches-css",
    "matches-css-before",
    "matches-css-after",
    "matches-attr",
    "matches-path",
    "matches-media",
    "matches-prop",
    "min-text-length",
    "watch-attr",
    "remove",
    "remove-attr",
    "remove-class",
    "style",
    "others",
    "nth-ancestor",
    "spath",
    "-abp-contains",
    "contains",
];

/// A parsed selector list (`a, b`): matches when any of its selectors does.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector {
    list: Vec<Complex>,
}

/// Compounds joined by combinators, left to right: `a > b c` is [a, b, c] with [Child, Descendant].
#[derive(Debug, Clone, PartialEq)]
struct Complex {
    compounds: Vec<Compound>,
    combinators: Vec<Combinator>,
}

/// A selector inside `:has()`, relative to the element tested: `> p` or `p` (a descendant).
#[derive(Debug, Clone, PartialEq)]
struct Relative {
    leading: Combinator,
    complex: Complex,
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
    Is(Vec<Complex>),
    Not(Vec<Complex>),
    Has(Vec<Relative>),
    Nth(NthPosition),
    Empty,
    Root,
}

/// `:nth-child(An+B of S)` and its kin: which end counts, which siblings count.
#[derive(Debug, Clone, PartialEq)]
struct NthPosition {
    step: i64,
    offset: i64,
    from_end: bool,
    of_type: bool,
    of: Option<Vec<Complex>>,
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
pub enum SelectorError {
    /// Not a selector: what is wrong, and where.
    Invalid(String),
    /// A uBlock Origin procedural operator (its name, without the colon).
    Procedural(String),
}

impl std::fmt::Display for SelectorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SelectorError::Invalid(what) => f.write_str(what),
            SelectorError::Procedural(op) => {
                write!(f, ":{op}() is a uBlock Origin procedural filter Folio cannot apply")
            }
        }
    }
}

impl Selector {
    /// Parses a selector list.
    pub fn parse(input: &str) -> Result<Selector, SelectorError> {
        if input.len() > MAX_LEN {
            return Err(SelectorError::Invalid(format!("the selector is longer than {MAX_LEN} characters")));
        }
        let mut p = Parser { s: input.as_bytes(), src: input, i: 0, nesting: 0 };
        let list = p.list()?;
        match p.peek() {
            None => Ok(Selector { list }),
            Some(c) => p.err(&format!("unexpected '{}'", c as char)),
        }
    }

    /// Every matching element below `root` (and `root`), in document order.
    pub fn select(&self, page: &Page, root: NodeId) -> Vec<NodeId> {
        let mut sets = Sets::new(page);
        let matched = sets.list(&self.list);
        page.descendants(root).filter(|n| matched[n.0 as usize]).collect()
    }
}

/// One boolean per node of the page's arena.
type NodeSet = Vec<bool>;

/// An element's place among its parent's element children, counted from 1.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    index: i64,
    count: i64,
    type_index: i64,
    type_count: i64,
}

/// The page seen in the orders matching needs, and the places of its elements (found once).
struct Sets<'p> {
    page: &'p Page,
    /// Attached nodes in document order.
    order: Vec<NodeId>,
    places: Option<Vec<Place>>,
}

impl<'p> Sets<'p> {
    fn new(page: &'p Page) -> Sets<'p> {
        Sets { page, order: page.descendants(page.root()).collect(), places: None }
    }

    fn none(&self) -> NodeSet {
        vec![false; self.page.len()]
    }

    fn elements(&self) -> NodeSet {
        let mut set = self.none();
        for &n in &self.order {
            set[n.0 as usize] = self.page.element(n).is_some();
        }
        set
    }

    fn list(&mut self, list: &[Complex]) -> NodeSet {
        let mut set = self.none();
        for complex in list {
            let matched = self.complex(complex);
            unite(&mut set, &matched);
        }
        set
    }

    /// Leftmost compound first, each combinator carrying the matches so far to the next.
    fn complex(&mut self, complex: &Complex) -> NodeSet {
        let mut set = self.compound(&complex.compounds[0], self.elements());
        for (comb, compound) in complex.combinators.iter().zip(&complex.compounds[1..]) {
            let reached = self.forward(&set, *comb);
            set = self.compound(compound, reached);
        }
        set
    }

    /// The elements with a relation matching one of `relatives` (`:has`): rightmost compound first,
    /// each combinator carrying the matches backwards to the elements they hang from.
    fn has(&mut self, relatives: &[Relative]) -> NodeSet {
        let mut set = self.none();
        for rel in relatives {
            let compounds = &rel.complex.compounds;
            let last = compounds.len() - 1;
            let mut matched = self.compound(&compounds[last], self.elements());
            for (comb, compound) in rel.complex.combinators.iter().zip(&compounds[..last]).rev() {
                let reached = self.backward(&matched, *comb);
                matched = self.compound(compound, reached);
            }
            unite(&mut set, &self.backward(&matched, rel.leading));
        }
        set
    }

    /// Nodes `y` with some `x` in `from` such that `x comb y`.
    fn forward(&self, from: &NodeSet, comb: Combinator) -> NodeSet {
        let mut to = self.none();
        match comb {
            Combinator::Descendant | Combinator::Child => {
                for &n in &self.order {
                    if let Some(p) = self.page.parent(n) {
                        let p = p.0 as usize;
                        to[n.0 as usize] = from[p] || (comb == Combinator::Descendant && to[p]);
                    }
                }
            }
            Combinator::Adjacent | Combinator::Sibling => {
                for &parent in &self.order {
                    let mut prev = false;
                    for c in self.page.child_elements(parent) {
                        to[c.0 as usize] = prev;
                        let hit = from[c.0 as usize];
                        prev = hit || (comb == Combinator::Sibling && prev);
                    }
                }
            }
        }
        to
    }

    /// Nodes `x` with some `y` in `from` such that `x comb y`.
    fn backward(&self, from: &NodeSet, comb: Combinator) -> NodeSet {
        let mut to = self.none();
        match comb {
            Combinator::Descendant | Combinator::Child => {
                for &n in self.order.iter().rev() {
                    let i = n.0 as usize;
                    if let Some(p) = self.page.parent(n) {
                        to[p.0 as usize] |= from[i] || (comb == Combinator::Descendant && to[i]);
                    }
                }
            }
            Combinator::Adjacent | Combinator::Sibling => {
                for &parent in &self.order {
                    let kids: Vec<NodeId> = self.page.child_elements(parent).collect();
                    let mut next = false;
                    for c in kids.into_iter().rev() {
                        to[c.0 as usize] = next;
                        let hit = from[c.0 as usize];
                        next = hit || (comb == Combinator::Sibling && next);
                    }
                }
            }
        }
        to
    }

    /// `candidates` narrowed to the elements the compound matches.
    fn compound(&mut self, compound: &Compound, mut set: NodeSet) -> NodeSet {
        if let Some(tag) = &compound.tag {
            self.retain(&mut set, |page, n| page.element(n).is_some_and(|el| tag.eq_ignore_ascii_case(&el.name)));
        }
        for part in &compound.parts {
            match part {
                Simple::Is(list) => intersect(&mut set, &self.list(list), true),
                Simple::Not(list) => intersect(&mut set, &self.list(list), false),
                Simple::Has(relatives) => intersect(&mut set, &self.has(relatives), true),
                Simple::Nth(nth) => {
                    let places = self.places_for(nth);
                    self.retain(&mut set, |_, n| nth.matches(places[n.0 as usize]));
                    if nth.of.is_none() {
                        self.places = Some(places); // kept for the next :nth-* over all siblings
                    }
                }
                simple => self.retain(&mut set, |page, n| simple_matches(page, n, simple)),
            }
        }
        set
    }

    fn retain(&self, set: &mut NodeSet, keep: impl Fn(&Page, NodeId) -> bool) {
        for &n in &self.order {
            let slot = &mut set[n.0 as usize];
            *slot = *slot && keep(self.page, n);
        }
    }

    /// The places that `nth` counts in: among all siblings (found once), or those matching `of S`.
    fn places_for(&mut self, nth: &NthPosition) -> Vec<Place> {
        match &nth.of {
            Some(list) => {
                let among = self.list(list);
                self.places(Some(&among))
            }
            None => self.places.take().unwrap_or_else(|| self.places(None)),
        }
    }

    /// Each element's place among its element siblings (only those in `among`, when given).
    fn places(&self, among: Option<&NodeSet>) -> Vec<Place> {
        let mut places = vec![Place::default(); self.page.len()];
        for &parent in &self.order {
            let kids: Vec<NodeId> =
                self.page.child_elements(parent).filter(|c| among.is_none_or(|s| s[c.0 as usize])).collect();
            let mut of_type: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
            for (i, &c) in kids.iter().enumerate() {
                let n = of_type.entry(self.page.tag(c)).or_default();
                *n += 1;
                places[c.0 as usize] =
                    Place { index: i as i64 + 1, count: kids.len() as i64, type_index: *n, type_count: 0 };
            }
            for &c in &kids {
                places[c.0 as usize].type_count = of_type[self.page.tag(c)];
            }
        }
        places
    }
}

/// Adds to `set` what `other` holds.
fn unite(set: &mut NodeSet, other: &NodeSet) {
    for (slot, &hit) in set.iter_mut().zip(other) {
        *slot |= hit;
    }
}

/// Keeps in `set` only what `other` holds (`want`) or lacks (`!want`).
fn intersect(set: &mut NodeSet, other: &NodeSet, want: bool) {
    for (slot, &hit) in set.iter_mut().zip(other) {
        *slot = *slot && hit == want;
    }
}

impl NthPosition {
    /// Whether an element at `place` is at `step`·n + `offset` for some n ≥ 0.
    fn matches(&self, place: Place) -> bool {
        if place.index == 0 {
            return false; // not counted: the `of S` filter left it out
        }
        let (index, count) =
            if self.of_type { (place.type_index, place.type_count) } else { (place.index, place.count) };
        let position = if self.from_end { count - index + 1 } else { index };
        let distance = position - self.offset;
        match self.step {
            0 => distance == 0,
            step => distance % step == 0 && distance / step >= 0,
        }
    }
}

fn simple_matches(page: &Page, node: NodeId, simple: &Simple) -> bool {
    let Some(el) = page.element(node) else { return false };
    match simple {
        Simple::Id(id) => el.attr("id") == Some(id.as_str()),
        Simple::Class(c) => el.attr("class").is_some_and(|v| v.split_ascii_whitespace().any(|x| x == c)),
        Simple::Attr { name, op, value, ignore_case } => {
            el.attr(name).is_some_and(|actual| attr_matches(*op, actual, value, *ignore_case))
        }
        Simple::Empty => page.children(node).iter().all(|&c| page.text(c).is_some_and(str::is_empty)),
        Simple::Root => page.parent(node) == Some(page.root()),
        Simple::Is(_) | Simple::Not(_) | Simple::Has(_) | Simple::Nth(_) => false, // matched as sets
    }
}

fn attr_matches(op: AttrOp, actual: &str, value: &str, ignore_case: bool) -> bool {
    let (a, v) = if ignore_case {
        (actual.to_lowercase(), value.to_lowercase())
    } else {
        (actual.to_string(), value.to_string())
    };
    match op {
        AttrOp::Exists => true,
        AttrOp::Equals => a == v,
        AttrOp::Includes => {
            !v.is_empty() && !v.contains(char::is_whitespace) && a.split_ascii_whitespace().any(|w| w == v)
        }
        AttrOp::DashMatch => a == v || a.strip_prefix(&v).is_some_and(|rest| rest.starts_with('-')),
        AttrOp::Prefix => !v.is_empty() && a.starts_with(&v),
        AttrOp::Suffix => !v.is_empty() && a.ends_with(&v),
        AttrOp::Substring => !v.is_empty() && a.contains(&v),
    }
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
    /// How many pseudo-class arguments enclose the current position.
    nesting: usize,
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
        Err(SelectorError::Invalid(format!("{what} at {}", self.i)))
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), SelectorError> {
        if self.peek() != Some(byte) {
            return self.err(what);
        }
        self.i += 1;
        Ok(())
    }

    /// Complex selectors separated by commas, up to a ')' or the end (neither consumed).
    fn list(&mut self) -> Result<Vec<Complex>, SelectorError> {
        let mut list = Vec::new();
        loop {
            self.skip_ws();
            list.push(self.complex()?);
            self.skip_ws();
            if self.peek() != Some(b',') {
                return Ok(list);
            }
            self.i += 1;
        }
    }

    /// `:has()`'s argument: relative selectors separated by commas.
    fn relative_list(&mut self) -> Result<Vec<Relative>, SelectorError> {
        let mut list = Vec::new();
        loop {
            self.skip_ws();
            let leading = self.combinator().unwrap_or(Combinator::Descendant);
            self.skip_ws();
            list.push(Relative { leading, complex: self.complex()? });
            self.skip_ws();
            if self.peek() != Some(b',') {
                return Ok(list);
            }
            self.i += 1;
        }
    }

    /// Consumes a `>`, `+` or `~`.
    fn combinator(&mut self) -> Option<Combinator> {
        let comb = match self.peek()? {
            b'>' => Combinator::Child,
            b'+' => Combinator::Adjacent,
            b'~' => Combinator::Sibling,
            _ => return None,
        };
        self.i += 1;
        Some(comb)
    }

    fn complex(&mut self) -> Result<Complex, SelectorError> {
        let mut compounds = vec![self.compound()?];
        let mut combinators = Vec::new();
        loop {
            let had_ws = self.skip_ws();
            let comb = match self.combinator() {
                Some(comb) => comb,
                None => match self.peek() {
                    Some(b',') | Some(b')') | None => break,
                    Some(_) if had_ws => Combinator::Descendant,
                    Some(c) => return self.err(&format!("unexpected '{}'", c as char)),
                },
            };
            self.skip_ws();
            combinators.push(comb);
            compounds.push(self.compound()?);
        }
        Ok(Complex { compounds, combinators })
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
                    c.parts.extend(self.pseudo_class(&name)?);
                }
                _ => break,
            }
        }
        if c.tag.is_none() && c.parts.is_empty() && !universal {
            return self.err("a selector is missing");
        }
        Ok(c)
    }

    /// The pseudo-class `name` (its colon read), with its argument if it takes one.
    fn pseudo_class(&mut self, name: &str) -> Result<Vec<Simple>, SelectorError> {
        let nth =
            |step, offset, from_end, of_type| Simple::Nth(NthPosition { step, offset, from_end, of_type, of: None });
        Ok(vec![match name {
            "first-child" => nth(0, 1, false, false),
            "last-child" => nth(0, 1, true, false),
            "only-child" => return Ok(vec![nth(0, 1, false, false), nth(0, 1, true, false)]),
            "first-of-type" => nth(0, 1, false, true),
            "last-of-type" => nth(0, 1, true, true),
            "only-of-type" => return Ok(vec![nth(0, 1, false, true), nth(0, 1, true, true)]),
            "empty" => Simple::Empty,
            "root" => Simple::Root,
            "is" | "where" => Simple::Is(self.argument(Self::list)?),
            "not" => Simple::Not(self.argument(Self::list)?),
            // uBlock Origin's `:if()` and Adblock Plus's `:-abp-has()` are `:has()` by other names.
            "has" | "if" | "-abp-has" => Simple::Has(self.argument(Self::relative_list)?),
            "if-not" => {
                let has = Compound { tag: None, parts: vec![Simple::Has(self.argument(Self::relative_list)?)] };
                Simple::Not(vec![Complex { compounds: vec![has], combinators: Vec::new() }])
            }
            "nth-child" | "nth-last-child" | "nth-of-type" | "nth-last-of-type" => {
                let of_type = name.ends_with("of-type");
                let from_end = name.starts_with("nth-last");
                Simple::Nth(self.argument(|p| p.nth_argument(from_end, of_type))?)
            }
            op if PROCEDURAL.contains(&op) => return Err(SelectorError::Procedural(op.to_string())),
            other => return Err(SelectorError::Invalid(format!("the pseudo-class :{other} is not supported"))),
        }])
    }

    /// A parenthesised argument read by `read`, at most `MAX_NESTING` deep.
    fn argument<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T, SelectorError>) -> Result<T, SelectorError> {
        self.expect(b'(', "'(' is missing")?;
        if self.nesting == MAX_NESTING {
            return self.err(&format!("pseudo-classes nest deeper than {MAX_NESTING}"));
        }
        self.nesting += 1;
        let value = read(self)?;
        self.nesting -= 1;
        self.skip_ws();
        self.expect(b')', "')' is missing")?;
        Ok(value)
    }

    /// `An+B`, `odd` or `even`, then `of S` for the child forms.
    fn nth_argument(&mut self, from_end: bool, of_type: bool) -> Result<NthPosition, SelectorError> {
        self.skip_ws();
        let (step, offset) = self.an_plus_b()?;
        self.skip_ws();
        let mut of = None;
        if !of_type && self.keyword("of") {
            self.skip_ws();
            of = Some(self.list()?);
        }
        Ok(NthPosition { step, offset, from_end, of_type, of })
    }

    /// Consumes `word` (any case) when it stands whole at the current position.
    fn keyword(&mut self, word: &str) -> bool {
        let end = self.i + word.len();
        let whole = self.src.get(self.i..end).is_some_and(|w| w.eq_ignore_ascii_case(word))
            && !self.s.get(end).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_');
        if whole {
            self.i = end;
        }
        whole
    }

    fn an_plus_b(&mut self) -> Result<(i64, i64), SelectorError> {
        if self.keyword("odd") {
            return Ok((2, 1));
        }
        if self.keyword("even") {
            return Ok((2, 0));
        }
        let sign = self.sign();
        let digits = self.number();
        if !matches!(self.peek(), Some(b'n' | b'N')) {
            return digits.map(|d| (0, sign * d)).ok_or(()).or_else(|_| self.err("An+B is expected"));
        }
        self.i += 1;
        let step = sign * digits.unwrap_or(1);
        self.skip_ws();
        if !matches!(self.peek(), Some(b'+' | b'-')) {
            return Ok((step, 0));
        }
        let sign = self.sign();
        self.skip_ws();
        match self.number() {
            Some(b) => Ok((step, sign * b)),
            None => self.err("a number is missing after An+"),
        }
    }

    fn sign(&mut self) -> i64 {
        match self.peek() {
            Some(b'-') => {
                self.i += 1;
                -1
            }
            Some(b'+') => {
                self.i += 1;
                1
            }
            _ => 1,
        }
    }

    /// Decimal digits, saturating at a billion (no page has more siblings).
    fn number(&mut self) -> Option<i64> {
        let start = self.i;
        let mut n: i64 = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = (n * 10 + i64::from(d - b'0')).min(1_000_000_000);
            self.i += 1;
        }
        (self.i > start).then_some(n)
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
            Some(q @ (b'"' | b'\'')) => self.quoted(q)?,
            _ => self.ident()?,
        };
        self.skip_ws();
        let mut ignore_case = false;
        if matches!(self.peek(), Some(b'i' | b'I' | b's' | b'S')) {
            ignore_case = matches!(self.peek(), Some(b'i' | b'I'));
            self.i += 1;
            self.skip_ws();
        }
        self.expect(b']', "']' is missing")?;
        Ok(Simple::Attr { name, op, value, ignore_case })
    }

    /// A string in `q` quotes; a backslash escapes the next character.
    fn quoted(&mut self, q: u8) -> Result<String, SelectorError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return self.err("a quote is not closed"),
                Some(c) if c == q => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(c) => {
                    if c == b'\\' {
                        self.i += 1;
                    }
                    let Some(ch) = self.src.get(self.i..).and_then(|r| r.chars().next()) else {
                        return self.err("a quote is not closed");
                    };
                    out.push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const PAGE: &str = r#"<body><div id=main class="wrap story"><p class=lead>a</p><aside data-kind="promo box"><p>b</p></aside><p lang=en-GB>c</p><span></span></div><footer><a href="https://ads.example/x">d</a></footer></body>"#;

    /// A list of six items and a table, for the counting pseudo-classes.
    const LIST: &str = "<body><ul><li>1</li><li>2</li><li class=x>3</li><li>4</li><li class=x>5</li><li>6</li></ul>\
        <section><h2>h</h2><p>p1</p><em>e</em><p>p2</p><p>p3</p></section><ol><li>only</li></ol></body>";

    fn texts_in(html: &str, sel: &str) -> Vec<String> {
        let page = crate::input::html::parse(html, None).unwrap();
        let s = Selector::parse(sel).unwrap_or_else(|e| panic!("{sel}: {e}"));
        s.select(&page, page.root()).into_iter().map(|n| format!("{}:{}", page.tag(n), page.text_content(n))).collect()
    }

    /// Checks what each selector selects, by `select`: `tag:text` on PAGE, the text on LIST.
    fn check(select: fn(&str) -> Vec<String>, cases: &[(&str, &[&str])]) {
        for (sel, want) in cases {
            assert_eq!(select(sel), *want, "{sel}");
        }
    }

    fn texts(sel: &str) -> Vec<String> {
        texts_in(PAGE, sel)
    }

    fn items(sel: &str) -> Vec<String> {
        texts_in(LIST, sel).into_iter().map(|t| t.split_once(':').map(|(_, t)| t.to_string()).unwrap_or(t)).collect()
    }

    #[test]
    fn compounds_and_attributes() {
        check(
            texts,
            &[
                ("p.lead", &["p:a"]),
                ("#main", &["div:abc"]),
                ("[data-kind~=promo]", &["aside:b"]),
                ("[lang|=en]", &["p:c"]),
                ("a[href^='https://ads.']", &["a:d"]),
                ("a[href$=x], span:empty", &["span:", "a:d"]),
                ("[data-kind*=\"BOX\" i]", &["aside:b"]),
            ],
        );
    }

    #[test]
    fn every_attribute_operator_and_flag() {
        check(
            texts,
            &[
                ("[lang]", &["p:c"]),
                ("[lang=en-GB]", &["p:c"]),
                ("[lang=en-gb]", &[]),
                ("[lang=en-gb i]", &["p:c"]),
                ("[lang=en-gb s]", &[]),
                ("[lang|=en-GB]", &["p:c"]),
                ("[lang|=e]", &[]),
                ("[data-kind~=box]", &["aside:b"]),
                ("[data-kind~='promo box']", &[]),
                ("[data-kind~='']", &[]),
                ("[data-kind^=promo]", &["aside:b"]),
                ("[data-kind$=' box']", &["aside:b"]),
                ("[data-kind*='o b']", &["aside:b"]),
                ("[data-kind^='']", &[]),
                ("[href*=\"ads\\.ex\"]", &["a:d"]),
                ("[ href = 'https://ads.example/x' ]", &["a:d"]),
            ],
        );
    }

    #[test]
    fn combinators() {
        check(
            texts,
            &[
                ("div > p", &["p:a", "p:c"]),
                ("div p", &["p:a", "p:b", "p:c"]),
                ("p.lead + aside", &["aside:b"]),
                ("p.lead ~ p", &["p:c"]),
                (".wrap.story > :first-child", &["p:a"]),
                ("div > p:not(.lead)", &["p:c"]),
                ("body > * > p", &["p:a", "p:c"]),
                ("aside > p:last-child", &["p:b"]),
                ("body>div>p+aside~span", &["span:"]),
            ],
        );
    }

    #[test]
    fn is_where_and_not_take_selector_lists() {
        check(
            texts,
            &[
                (":is(aside, footer) > *", &["p:b", "a:d"]),
                (":where(div > aside) p", &["p:b"]),
                ("p:is(.lead + aside > *, [lang])", &["p:b", "p:c"]),
                ("p:not(div > p)", &["p:b"]),
                ("div > :not(p, span)", &["aside:b"]),
                ("p:not(aside p):not(.lead)", &["p:c"]),
            ],
        );
    }

    #[test]
    fn has_takes_relative_selectors() {
        check(
            texts,
            &[
                ("div:has(p)", &["div:abc"]),
                (":has(> a)", &["footer:d"]),
                ("*:has(> p.lead)", &["div:abc"]),
                ("p:has(+ aside)", &["p:a"]),
                ("p:has(~ span)", &["p:a", "p:c"]),
                ("body > :has(aside > p, a[href])", &["div:abc", "footer:d"]),
                ("div:has(aside p)", &["div:abc"]),
                ("div:has(> aside > p:only-child)", &["div:abc"]),
                ("div:has(> p > p)", &[]),
                (":has(+ footer)", &["div:abc"]),
                ("aside:not(:has(span))", &["aside:b"]),
                ("body :has(:is(a, span))", &["div:abc", "footer:d"]),
            ],
        );
    }

    #[test]
    fn ublock_and_adblock_names_for_has() {
        check(
            texts,
            &[
                ("div:if(> aside)", &["div:abc"]),
                ("footer:-abp-has(a)", &["footer:d"]),
                ("body > :if-not(p)", &["footer:d"]),
            ],
        );
        assert_eq!(Selector::parse(":if-not(:has-text(x))"), Err(SelectorError::Procedural("has-text".into())));
    }

    #[test]
    fn counting_pseudo_classes() {
        check(
            items,
            &[
                ("li:nth-child(2)", &["2"]),
                ("ul > li:nth-child(odd)", &["1", "3", "5"]),
                ("ul > li:nth-child(EVEN)", &["2", "4", "6"]),
                ("ul > li:nth-child(3n)", &["3", "6"]),
                ("ul > li:nth-child(-n + 2)", &["1", "2"]),
                ("ul > li:nth-child(n+5)", &["5", "6"]),
                ("ul > li:nth-child(+2n-1)", &["1", "3", "5"]),
                ("ul > li:nth-child(2 of .x)", &["5"]),
                ("ul > li:nth-last-child(2)", &["5"]),
                ("ul > li:nth-last-child(1 of .x)", &["5"]),
                ("section > p:nth-of-type(2)", &["p2"]),
                ("section > :nth-last-of-type(1)", &["h", "e", "p3"]),
                ("section > :first-of-type", &["h", "p1", "e"]),
                ("section > p:last-of-type", &["p3"]),
                ("section > :only-of-type", &["h", "e"]),
                ("li:only-child", &["only"]),
                ("li:first-child", &["1", "only"]),
                ("ul > :last-child", &["6"]),
                ("li:nth-child(0n+0)", &[]),
            ],
        );
        check(texts, &[(":root", &["html:abcd"]), ("span:empty, p:empty", &["span:"])]);
    }

    #[test]
    fn bad_selectors_are_errors() {
        for bad in [
            "",
            "div >",
            ".",
            "#",
            "[x",
            "[x=\"a]",
            "p::before",
            "a b,",
            "p:not(",
            "{}",
            "p:not()",
            ":is(a,)",
            ":has()",
            ":has(> )",
            ":nth-child()",
            ":nth-child(n+)",
            ":nth-child(x)",
            ":nth-of-type(1 of p)",
            "[x~y]",
            ":hover",
            "p:first-child(",
            "div:has(p",
        ] {
            assert!(matches!(Selector::parse(bad), Err(SelectorError::Invalid(_))), "{bad} should not parse");
        }
    }

    #[test]
    fn procedural_operators_are_named() {
        for (rule, op) in [
            ("p:has-text(x)", "has-text"),
            ("div:upward(2)", "upward"),
            (":xpath(//p)", "xpath"),
            ("p:remove()", "remove"),
            (".a:style(color: red)", "style"),
            ("div:not(:min-text-length(5))", "min-text-length"),
        ] {
            let err = Selector::parse(rule).unwrap_err();
            assert_eq!(err, SelectorError::Procedural(op.into()), "{rule}");
            assert_eq!(err.to_string(), format!(":{op}() is a uBlock Origin procedural filter Folio cannot apply"));
        }
    }

    #[test]
    fn nesting_is_bounded_without_overflowing() {
        let nested = |n: usize| format!("{}p{}", ":is(".repeat(n), ")".repeat(n));
        assert!(Selector::parse(&nested(MAX_NESTING)).is_ok());
        let err = Selector::parse(&nested(MAX_NESTING + 1)).unwrap_err();
        assert!(err.to_string().contains("nest deeper"), "{err}");
        assert!(Selector::parse(&":not(:has(".repeat(50_000)).is_err());
        assert!(Selector::parse(&"p ".repeat(MAX_LEN / 2)).is_ok());
        assert!(Selector::parse(&"p ".repeat(MAX_LEN)).is_err());
    }

    #[test]
    fn has_on_a_hundred_thousand_elements_stays_linear() {
        let html = format!("<body>{}</body>", "<div><p><a>x</a></p></div>".repeat(33_334));
        let page = crate::input::html::parse(&html, None).unwrap();
        let start = std::time::Instant::now();
        for sel in ["div:has(p a):not(:has(+ div)) ~ div", ":has(~ div p:nth-child(1 of :has(> a)))", "div div div p"] {
            Selector::parse(sel).unwrap().select(&page, page.root());
        }
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        let last = Selector::parse("div:has(p a):not(:has(+ div))").unwrap().select(&page, page.root());
        assert_eq!(last.len(), 1);
    }
}
