//! The user's own rules, in uBlock Origin's cosmetic syntax: `example.com##.promo` hides,
//! `example.com#@#.caption` keeps, `##.x` applies everywhere; bad lines are reported by number.

use serde::Serialize;

use crate::page::selector::{Selector, SelectorError};

/// Whether a rule hides what it matches or keeps it from being removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RuleKind {
    Hide,
    Keep,
}

/// One rule, as written on its line.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// 1-based line number in the rules text.
    pub line: usize,
    /// Sites it applies to (empty: every site).
    pub domains: Vec<String>,
    /// Sites it does not apply to (`~example.com`).
    pub excluded: Vec<String>,
    pub kind: RuleKind,
    pub selector: String,
    #[serde(skip)]
    compiled: Option<Selector>,
}

/// A line that is not a rule, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleError {
    pub line: usize,
    pub text: String,
    pub message: String,
}

/// The good rules of a rules text, and its bad lines.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub errors: Vec<RuleError>,
}

/// Lines longer than this are refused (a pasted binary or a runaway line).
const MAX_LINE: usize = 4096;

/// Parses a rules text; every bad line is reported and the good ones are kept.
pub fn parse(text: &str) -> RuleSet {
    let mut set = RuleSet::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('!') || t.starts_with("[Adblock") {
            continue;
        }
        match parse_line(t) {
            Ok((domains, excluded, kind, selector, compiled)) => {
                set.rules.push(Rule { line, domains, excluded, kind, selector, compiled: Some(compiled) })
            }
            Err(message) => set.errors.push(RuleError { line, text: crate::page::text::sample(t, 120), message }),
        }
    }
    set
}

type Parsed = (Vec<String>, Vec<String>, RuleKind, String, Selector);

fn parse_line(t: &str) -> Result<Parsed, String> {
    if t.len() > MAX_LINE {
        return Err(format!("the line is longer than {MAX_LINE} characters"));
    }
    let (domains, kind, selector) = split_rule(t)?;
    let selector = selector.trim();
    if selector.is_empty() {
        return Err("the selector is missing after ##".into());
    }
    if selector.starts_with('^') {
        return Err("##^ is a uBlock Origin HTML filter (it edits the page's source) Folio cannot apply".into());
    }
    if selector.starts_with("+js(") {
        return Err("##+js() is a uBlock Origin scriptlet (it runs code in the page) Folio cannot apply".into());
    }
    let compiled = Selector::parse(selector).map_err(|e| match e {
        SelectorError::Procedural(_) => e.to_string(),
        SelectorError::Invalid(_) => format!("bad selector: {e}"),
    })?;
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    for d in domains.split(',').map(str::trim).filter(|d| !d.is_empty()) {
        let (neg, name) = match d.strip_prefix('~') {
            Some(n) => (true, n),
            None => (false, d),
        };
        let name = name.to_ascii_lowercase();
        let valid = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*'))
            && !name.starts_with('.')
            && !name.ends_with('.');
        if !valid {
            return Err(format!("'{d}' is not a site name"));
        }
        if neg {
            exclude.push(name);
        } else {
            include.push(name);
        }
    }
    Ok((include, exclude, kind, selector.to_string(), compiled))
}

/// The sites, kind and selector of a cosmetic rule. `#?#` (uBlock Origin's procedural marker)
/// is read like `##`: a selector with no procedural operator in it is applied all the same.
fn split_rule(t: &str) -> Result<(&str, RuleKind, &str), String> {
    const MARKERS: [(&str, Option<RuleKind>); 6] = [
        ("##", Some(RuleKind::Hide)),
        ("#@#", Some(RuleKind::Keep)),
        ("#?#", Some(RuleKind::Hide)),
        ("#@?#", Some(RuleKind::Keep)),
        ("#$#", None),
        ("#@$#", None),
    ];
    // The first marker on the line splits it: a selector may hold `#` in its quotes.
    let first = MARKERS.iter().filter_map(|&(m, kind)| Some((t.find(m)?, m, kind))).min_by_key(|&(at, ..)| at);
    match first {
        Some((at, marker, Some(kind))) => Ok((&t[..at], kind, &t[at + marker.len()..])),
        Some((_, marker, None)) => {
            Err(format!("{marker} is a uBlock Origin style or scriptlet filter Folio cannot apply"))
        }
        None => Err("not a cosmetic rule: write site##selector to hide or site#@#selector to keep".into()),
    }
}

/// Whether `host` is `site` or one of its subdomains; `site.*` matches any ending.
fn host_matches(host: &str, site: &str) -> bool {
    if let Some(stem) = site.strip_suffix(".*") {
        // The stem's labels, then at least one more label: `example.*` on `www.example.co.uk`.
        let labels: Vec<&str> = host.split('.').collect();
        let want: Vec<&str> = stem.split('.').collect();
        return (0..labels.len()).any(|i| i + want.len() < labels.len() && labels[i..i + want.len()] == want[..]);
    }
    host == site || host.ends_with(&format!(".{site}"))
}

impl Rule {
    /// Whether the rule applies on `host` (None: a page with no known host gets generic rules only).
    pub fn applies_to(&self, host: Option<&str>) -> bool {
        let host = host.map(|h| h.to_ascii_lowercase());
        if let Some(h) = host.as_deref() {
            if self.excluded.iter().any(|d| host_matches(h, d)) {
                return false;
            }
        }
        match host.as_deref() {
            _ if self.domains.is_empty() => true,
            Some(h) => self.domains.iter().any(|d| host_matches(h, d)),
            None => false,
        }
    }

    pub fn selector(&self) -> Option<&Selector> {
        self.compiled.as_ref()
    }
}

impl RuleSet {
    /// The rules of one kind that apply on `host`.
    pub fn applying<'a>(&'a self, host: Option<&'a str>, kind: RuleKind) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules.iter().filter(move |r| r.kind == kind && r.applies_to(host))
    }
}

/// The host of an http(s) URL, without port or credentials.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]"))?
    } else {
        host.split(':').next()?.to_string()
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hide_keep_and_generic_rules() {
        let set = parse("! a comment\nexample.com##.promo\nexample.com,~shop.example.com#@#.caption\n##.ad-slot\n\n");
        assert!(set.errors.is_empty(), "{:?}", set.errors);
        assert_eq!(set.rules.len(), 3);
        assert_eq!(
            (set.rules[0].line, set.rules[0].kind, set.rules[0].selector.as_str()),
            (2, RuleKind::Hide, ".promo")
        );
        assert_eq!(set.rules[1].kind, RuleKind::Keep);
        assert_eq!(set.rules[1].excluded, ["shop.example.com"]);
        assert!(set.rules[2].domains.is_empty());
    }

    #[test]
    fn bad_lines_are_reported_by_number_and_good_ones_kept() {
        let set = parse("example.com##.ok\nexample.com##\nnot a rule\nexample.com#?#.x:has-text(y)\nexample.com##p:has-text(y)\nex ample.com##.x\n##.fine");
        assert_eq!(set.rules.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 7]);
        let lines: Vec<usize> = set.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
        assert!(set.errors[1].message.contains("not a cosmetic rule"));
        assert!(set.errors[2].message.contains("procedural"));
        assert!(set.errors[3].message.contains("procedural"));
    }

    #[test]
    fn what_folio_cannot_apply_is_named_on_its_line() {
        let text = "example.com##.ok:has(> .ad)\n\
            example.com##.a:nth-of-type(2n+1)\n\
            example.com#?#.promo:has(.sponsor)\n\
            example.com##p:has-text(Sponsored)\n\
            example.com##.x:upward(2)\n\
            example.com#?#:xpath(//div)\n\
            example.com##.y:remove()\n\
            example.com##.z:style(color: red)\n\
            example.com##+js(set-constant, a, 1)\n\
            example.com##^script:has-text(ads)\n\
            example.com#$#.z { color: red }\n\
            example.com#@?#.keep:has(img)\n\
            example.com##a[title=\"x#$#y\"]";
        let set = parse(text);
        assert_eq!(
            set.rules.iter().map(|r| (r.line, r.kind)).collect::<Vec<_>>(),
            [(1, RuleKind::Hide), (2, RuleKind::Hide), (3, RuleKind::Hide), (12, RuleKind::Keep), (13, RuleKind::Hide)]
        );
        let messages: Vec<(usize, &str)> = set.errors.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (4, ":has-text() is a uBlock Origin procedural filter Folio cannot apply"),
                (5, ":upward() is a uBlock Origin procedural filter Folio cannot apply"),
                (6, ":xpath() is a uBlock Origin procedural filter Folio cannot apply"),
                (7, ":remove() is a uBlock Origin procedural filter Folio cannot apply"),
                (8, ":style() is a uBlock Origin procedural filter Folio cannot apply"),
                (9, "##+js() is a uBlock Origin scriptlet (it runs code in the page) Folio cannot apply"),
                (10, "##^ is a uBlock Origin HTML filter (it edits the page's source) Folio cannot apply"),
                (11, "#$# is a uBlock Origin style or scriptlet filter Folio cannot apply"),
            ]
        );
        assert_eq!(parse("##:is(".repeat(40).as_str()).errors.len(), 1);
    }

    #[test]
    fn rules_apply_by_site() {
        let set = parse("example.com##.a\n~example.com##.b\nexample.*##.c\n##.d");
        let on =
            |host: Option<&str>| set.applying(host, RuleKind::Hide).map(|r| r.selector.clone()).collect::<Vec<_>>();
        assert_eq!(on(Some("www.example.com")), [".a", ".c", ".d"]);
        assert_eq!(on(Some("example.co.uk")), [".b", ".c", ".d"]);
        assert_eq!(on(Some("other.org")), [".b", ".d"]);
        assert_eq!(on(Some("notexample.com")), [".b", ".d"]);
        assert_eq!(on(None), [".b", ".d"]);
    }

    #[test]
    fn hosts_from_urls() {
        assert_eq!(host_of("https://User@WWW.Example.com:8080/a?b").as_deref(), Some("www.example.com"));
        assert_eq!(host_of("javascript:alert(1)"), None);
        assert_eq!(host_of("http://[::1]:80/").as_deref(), Some("[::1]"));
    }
}
