//! The article as Markdown: a sink for the allow-list walk (headings, emphasis, links, images,
//! lists, quotes, code with its language, pipe tables), under a head of title, byline and source.

use super::article::{safe_url, walk, Sink};
use crate::page::{NodeId, Page};
use crate::report::Report;

/// The article below `root` as a Markdown document: the title, one line of byline, date and
/// source link (`source`, the page's address, when it is http(s)), then the article.
pub fn document(report: &Report, source: Option<&str>, page: &Page, root: NodeId) -> String {
    let mut out = String::new();
    let field = |v: &Option<String>| v.as_deref().map(plain).filter(|v| !v.is_empty());
    if let Some(title) = field(&report.title) {
        out.push_str("# ");
        out.push_str(&title);
        out.push_str("\n\n");
    }
    let mut facts: Vec<String> = [field(&report.byline), field(&report.published_time)].into_iter().flatten().collect();
    if let Some(url) = source.and_then(|s| safe_url(s, false)) {
        facts.push(match field(&report.site_name) {
            Some(name) => format!("[{name}]({})", destination(&url)),
            None if !url.contains([' ', '<', '>']) => format!("<{url}>"),
            None => format!("[{}]({})", plain(&url), destination(&url)),
        });
    }
    if !facts.is_empty() {
        out.push_str(&escape_line_start(&facts.join(" · ")));
        out.push_str("\n\n");
    }
    out.push_str(&render(page, root));
    out
}

/// The article below `root` as Markdown, without the head.
pub fn render(page: &Page, root: NodeId) -> String {
    let mut sink = MarkdownSink::default();
    walk(page, root, &mut sink);
    sink.finish()
}

/// One line of text, whitespace folded, Markdown's characters escaped.
fn plain(text: &str) -> String {
    let mut line = String::new();
    push_text(&mut line, text, false);
    line.trim().to_string()
}

/// Builds Markdown block by block: `line` is the block being written (inline Markdown, `\n` for
/// a hard break), `prefixes` the quotes and list items around it.
#[derive(Default)]
pub struct MarkdownSink {
    out: String,
    line: String,
    prefixes: Vec<Prefix>,
    lists: Vec<u64>,
    ordered: Vec<bool>,
    inline: Vec<Open>,
    heading: Option<usize>,
    pre: Option<Pre>,
    table: Option<Table>,
    table_depth: usize,
    annotation_depth: usize,
    code_depth: usize,
    /// The next block starts a list item right after another item's block: no blank line.
    tight: bool,
    last_in_item: bool,
}

struct Prefix {
    first: String,
    rest: String,
    used: bool,
    item: bool,
}

#[derive(Clone)]
struct Open {
    tag: String,
    start: usize,
    href: Option<String>,
    /// Inside a mark of its own kind (bold in bold): it writes no second mark.
    nested: bool,
}

struct Pre {
    text: String,
    lang: Option<String>,
    depth: usize,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    caption: String,
    in_cell: bool,
    in_caption: bool,
    colspan: usize,
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "caption",
    "thead",
    "tbody",
    "tfoot",
];

/// The code language a `class="language-x"` names (as the allow-list keeps it on `pre`, `code`).
fn language(attrs: &[(&'static str, String)]) -> Option<String> {
    attrs.iter().find(|(n, _)| *n == "class").and_then(|(_, v)| v.strip_prefix("language-")).map(str::to_string)
}

impl MarkdownSink {
    pub fn finish(mut self) -> String {
        self.block();
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    /// Ends the block being written (inline marks open across it close and open again after).
    fn block(&mut self) {
        let opens = std::mem::take(&mut self.inline);
        for open in opens.iter().rev() {
            self.close_inline(open);
        }
        let text = std::mem::take(&mut self.line);
        let lines: Vec<&str> = text.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect();
        if !lines.is_empty() {
            let lines: Vec<String> = match self.heading {
                Some(level) => vec![format!("{} {}", "#".repeat(level), lines.join(" "))],
                None => {
                    let last = lines.len() - 1;
                    let end = |i: usize| if i < last { "\\" } else { "" };
                    lines.iter().enumerate().map(|(i, l)| escape_line_start(l) + end(i)).collect()
                }
            };
            self.emit(&lines);
        }
        for open in opens {
            self.inline.push(Open { start: self.line.len(), ..open });
        }
    }

    /// Writes finished lines under the current prefixes, a blank line before them unless tight.
    fn emit(&mut self, lines: &[String]) {
        if !self.out.is_empty() {
            self.out.push('\n');
            if !(self.tight && self.last_in_item) {
                // Only the quotes and items already begun go on: a quote starting here does not.
                let blank: String = self.prefixes.iter().filter(|p| p.used).map(|p| p.rest.as_str()).collect();
                self.out.push_str(blank.trim_end());
                self.out.push('\n');
            }
        }
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            let mut prefix = String::new();
            for p in &mut self.prefixes {
                prefix.push_str(if p.used { &p.rest } else { &p.first });
                p.used = true;
            }
            if line.is_empty() {
                self.out.push_str(prefix.trim_end());
            } else {
                self.out.push_str(&prefix);
                self.out.push_str(line);
            }
        }
        self.tight = false;
        self.last_in_item = self.prefixes.iter().any(|p| p.item);
    }

    /// Wraps what was written since `open` began in its marks; marks around nothing go.
    fn close_inline(&mut self, open: &Open) {
        let mut start = open.start.min(self.line.len());
        while !self.line.is_char_boundary(start) {
            start -= 1;
        }
        let inner = self.line.split_off(start);
        let core = inner.trim_matches(|c| c == ' ' || c == '\n');
        if inner.starts_with(' ') {
            push_space(&mut self.line);
        }
        if !core.is_empty() {
            match open.tag.as_str() {
                _ if open.nested => self.line.push_str(core),
                "a" => {
                    let href = open.href.as_deref().unwrap_or("");
                    self.line.push_str(&format!("[{core}]({})", destination(href)));
                }
                "code" | "kbd" | "samp" => {
                    let run = longest_run(core, '`') + 1;
                    let fence = "`".repeat(run);
                    let pad = if core.starts_with('`') || core.ends_with('`') { " " } else { "" };
                    self.line.push_str(&format!("{fence}{pad}{core}{pad}{fence}"));
                }
                tag => {
                    let mark = mark_of(tag);
                    self.line.push_str(&format!("{mark}{core}{mark}"));
                }
            }
        }
        if inner.len() > core.len() && inner.ends_with(' ') {
            push_space(&mut self.line);
        }
    }

    fn open_inline(&mut self, tag: &str, href: Option<String>) {
        if matches!(tag, "code" | "kbd" | "samp") {
            self.code_depth += 1;
        }
        let nested = self.inline.iter().any(|o| mark_of(&o.tag) == mark_of(tag));
        self.inline.push(Open { tag: tag.to_string(), start: self.line.len(), href, nested });
    }

    fn end_inline(&mut self, tag: &str) {
        if self.inline.last().is_some_and(|o| o.tag == tag) {
            if let Some(open) = self.inline.pop() {
                self.close_inline(&open);
            }
        }
        if matches!(tag, "code" | "kbd" | "samp") {
            self.code_depth = self.code_depth.saturating_sub(1);
        }
    }

    fn hard_break(&mut self) {
        if self.table.is_some() {
            push_space(&mut self.line);
        } else if !self.line.trim().is_empty() {
            let kept = self.line.trim_end_matches(' ').len();
            self.line.truncate(kept);
            self.line.push('\n');
        }
    }

    fn image(&mut self, attrs: &[(&'static str, String)]) {
        let get = |name: &str| attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        let Some(src) = get("src") else { return };
        let alt = plain(get("alt").unwrap_or(""));
        self.line.push_str(&format!("![{alt}]({})", destination(src)));
    }

    fn finish_cell(&mut self) {
        let Some(table) = self.table.as_mut() else { return };
        if !(table.in_cell || table.in_caption) {
            self.line.clear();
            return;
        }
        let opens = std::mem::take(&mut self.inline);
        for open in opens.iter().rev() {
            self.close_inline(open);
        }
        let Some(table) = self.table.as_mut() else { return };
        let text = std::mem::take(&mut self.line).replace('\n', " ").trim().replace('|', "\\|");
        if table.in_caption {
            table.caption = text;
        } else {
            if table.rows.is_empty() {
                table.rows.push(Vec::new());
            }
            if let Some(row) = table.rows.last_mut() {
                row.push(text);
                row.extend(std::iter::repeat_n(String::new(), table.colspan.saturating_sub(1)));
            }
        }
        table.in_cell = false;
        table.in_caption = false;
    }

    fn finish_table(&mut self) {
        self.finish_cell();
        let Some(table) = self.table.take() else { return };
        if !table.caption.is_empty() {
            self.emit(&[escape_line_start(&table.caption)]);
        }
        let rows: Vec<Vec<String>> = table.rows.into_iter().filter(|r| r.iter().any(|c| !c.is_empty())).collect();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let mut lines = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let mut cells = row.clone();
            cells.resize(columns, String::new());
            lines.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                lines.push(format!("|{}", " --- |".repeat(columns)));
            }
        }
        self.emit(&lines);
    }

    fn finish_pre(&mut self) {
        let Some(pre) = self.pre.take() else { return };
        let code = pre.text.trim_matches('\n');
        if code.trim().is_empty() {
            return;
        }
        let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
        let mut lines = vec![format!("{fence}{}", pre.lang.unwrap_or_default())];
        lines.extend(code.lines().map(|l| l.trim_end().to_string()));
        lines.push(fence);
        self.emit(&lines);
    }

    /// Inside a table, only its structure counts; blocks in a cell become spaces.
    fn open_in_table(&mut self, tag: &str, attrs: &[(&'static str, String)]) -> bool {
        let Some(table) = self.table.as_ref() else { return false };
        let in_text = table.in_cell || table.in_caption;
        match tag {
            "table" => self.table_depth += 1,
            "tr" if self.table_depth == 1 => {
                self.finish_cell();
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            "td" | "th" if self.table_depth == 1 => {
                self.finish_cell();
                let colspan = attrs.iter().find(|(n, _)| *n == "colspan").and_then(|(_, v)| v.parse().ok());
                if let Some(t) = self.table.as_mut() {
                    t.in_cell = true;
                    t.colspan = colspan.unwrap_or(1).min(64);
                }
            }
            "caption" if self.table_depth == 1 => {
                self.finish_cell();
                if let Some(t) = self.table.as_mut() {
                    t.in_caption = true;
                }
            }
            _ if !in_text => {}
            "img" | "a" | "em" | "i" | "strong" | "b" | "s" | "del" | "code" | "kbd" | "samp" => return false,
            _ => push_space(&mut self.line),
        }
        true
    }
}

impl Sink for MarkdownSink {
    fn open(&mut self, tag: &str, attrs: &[(&'static str, String)]) {
        if matches!(tag, "rt" | "rp") || self.annotation_depth > 0 {
            if matches!(tag, "rt" | "rp") {
                self.annotation_depth += 1;
            }
            return;
        }
        if let Some(pre) = self.pre.as_mut() {
            match tag {
                "pre" => pre.depth += 1,
                "code" if pre.lang.is_none() => pre.lang = language(attrs),
                "br" => pre.text.push('\n'),
                _ => {}
            }
            return;
        }
        if self.open_in_table(tag, attrs) {
            return;
        }
        match tag {
            "pre" => {
                self.block();
                self.pre = Some(Pre { text: String::new(), lang: language(attrs), depth: 1 });
            }
            "table" => {
                self.block();
                self.table = Some(Table::default());
                self.table_depth = 1;
            }
            "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block();
                self.heading = tag[1..].parse().ok();
            }
            "blockquote" => {
                self.block();
                self.prefixes.push(Prefix { first: "> ".into(), rest: "> ".into(), used: false, item: false });
            }
            "ul" | "ol" => {
                self.block();
                let start = attrs.iter().find(|(n, _)| *n == "start").and_then(|(_, v)| v.parse::<u64>().ok());
                self.lists.push(start.unwrap_or(1));
                self.ordered.push(tag == "ol");
            }
            "li" => {
                self.block();
                let marker = match (self.ordered.last(), self.lists.last_mut()) {
                    (Some(true), Some(n)) => {
                        let m = format!("{n}. ");
                        *n = n.saturating_add(1);
                        m
                    }
                    _ => "- ".to_string(),
                };
                let rest = " ".repeat(marker.len());
                self.prefixes.push(Prefix { first: marker, rest, used: false, item: true });
                self.tight = true;
            }
            "hr" => {
                self.block();
                self.emit(&["---".to_string()]);
            }
            "br" => self.hard_break(),
            "img" => self.image(attrs),
            "a" => {
                let href = attrs.iter().find(|(n, _)| *n == "href").map(|(_, v)| v.clone());
                self.open_inline(tag, href);
            }
            "em" | "i" | "strong" | "b" | "s" | "del" | "code" | "kbd" | "samp" => self.open_inline(tag, None),
            _ if BLOCKS.contains(&tag) => self.block(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.annotation_depth > 0 {
            return;
        }
        if let Some(pre) = self.pre.as_mut() {
            pre.text.push_str(text);
            return;
        }
        if self.table.as_ref().is_some_and(|t| !(t.in_cell || t.in_caption)) {
            return;
        }
        push_text(&mut self.line, text, self.code_depth > 0);
    }

    fn close(&mut self, tag: &str) {
        if self.annotation_depth > 0 {
            if matches!(tag, "rt" | "rp") {
                self.annotation_depth -= 1;
            }
            return;
        }
        if let Some(pre) = self.pre.as_mut() {
            if tag == "pre" {
                pre.depth -= 1;
                if pre.depth == 0 {
                    self.finish_pre();
                }
            }
            return;
        }
        if self.table.is_some() {
            match tag {
                "table" => {
                    self.table_depth -= 1;
                    if self.table_depth == 0 {
                        self.finish_table();
                    }
                }
                "td" | "th" | "caption" if self.table_depth == 1 => self.finish_cell(),
                "a" | "em" | "i" | "strong" | "b" | "s" | "del" | "code" | "kbd" | "samp" => self.end_inline(tag),
                _ => push_space(&mut self.line),
            }
            return;
        }
        match tag {
            "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.block();
                self.heading = None;
            }
            "blockquote" => {
                self.block();
                self.prefixes.pop();
            }
            "li" => {
                self.block();
                self.prefixes.pop();
            }
            "ul" | "ol" => {
                self.block();
                self.lists.pop();
                self.ordered.pop();
                if self.lists.is_empty() {
                    self.last_in_item = false;
                }
            }
            "a" | "em" | "i" | "strong" | "b" | "s" | "del" | "code" | "kbd" | "samp" => self.end_inline(tag),
            _ if BLOCKS.contains(&tag) => self.block(),
            _ => {}
        }
    }
}

/// The Markdown an inline element is written with (a link, its own kind).
fn mark_of(tag: &str) -> &str {
    match tag {
        "strong" | "b" => "**",
        "s" | "del" => "~~",
        "em" | "i" => "*",
        "code" | "kbd" | "samp" => "`",
        _ => "[]",
    }
}

/// Appends text as HTML shows it (whitespace folded), escaped unless it is code.
fn push_text(line: &mut String, text: &str, code: bool) {
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            push_space(line);
        } else if !code && matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<') {
            line.push('\\');
            line.push(c);
        } else {
            line.push(c);
        }
    }
}

fn push_space(line: &mut String) {
    if !line.is_empty() && !line.ends_with([' ', '\n']) {
        line.push(' ');
    }
}

/// A line that would read as a heading, quote, list item or rule starts escaped.
fn escape_line_start(line: &str) -> String {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &line[digits..];
    if digits > 0 && (after.starts_with(". ") || after.starts_with(") ") || after == "." || after == ")") {
        return format!("{}\\{after}", &line[..digits]);
    }
    let rule = line.len() >= 3 && line.chars().all(|c| c == '-' || c == '=' || c == ' ');
    if line.starts_with(['#', '>', '=']) || line.starts_with("- ") || line.starts_with("+ ") || line == "-" || rule {
        return format!("\\{line}");
    }
    line.to_string()
}

/// A link or image destination; spaces, parentheses and angle brackets go inside `<…>`.
fn destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>', '\n']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E").replace('\n', ""))
    } else {
        url.to_string()
    }
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        let page = crate::input::html::parse(html, Some("https://example.com/a/")).unwrap();
        render(&page, page.body().unwrap())
    }

    #[test]
    fn headings_paragraphs_and_emphasis() {
        assert_eq!(
            md("<h1>Title</h1><p>One <em>two </em><strong>three</strong>\n four.</p><h3>Sub</h3><p>x</p>"),
            "## Title\n\nOne *two* **three** four.\n\n### Sub\n\nx\n"
        );
        assert_eq!(md("<p><b><strong>bold</strong> once</b> <em><i>x</i></em></p>"), "**bold once** *x*\n");
    }

    #[test]
    fn links_and_images_by_url() {
        assert_eq!(
            md(r#"<p>See <a href="/b(c)">the <b>page</b></a>. <img src="i.png" alt="An [x]"></p>"#),
            "See [the **page**](<https://example.com/b(c)>). ![An \\[x\\]](https://example.com/a/i.png)\n"
        );
        assert_eq!(md(r#"<p><a href="javascript:x()">kept text</a></p>"#), "kept text\n");
    }

    #[test]
    fn lists_nest_and_number() {
        assert_eq!(
            md("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul><ol start=3><li>x</li><li>y</li></ol>"),
            "- a\n  - b\n- c\n\n3. x\n4. y\n"
        );
    }

    #[test]
    fn quotes_and_breaks() {
        assert_eq!(md("<blockquote><p>a<br>b</p><p>c</p></blockquote>"), "> a\\\n> b\n>\n> c\n");
    }

    #[test]
    fn code_keeps_its_language_and_its_text() {
        assert_eq!(
            md("<pre><code class=\"language-rust\">fn main() {\n    let x = a*b;\n}</code></pre><p>Call <code>a_b*</code>.</p>"),
            "```rust\nfn main() {\n    let x = a*b;\n}\n```\n\nCall `a_b*`.\n"
        );
    }

    #[test]
    fn tables_become_pipe_tables() {
        assert_eq!(
            md("<table><tr><th>A</th><th>B|C</th></tr><tr><td colspan=2>wide <p>cell</p></td></tr></table>"),
            "| A | B\\|C |\n| --- | --- |\n| wide cell |  |\n"
        );
    }

    #[test]
    fn text_that_reads_as_markdown_is_escaped() {
        assert_eq!(
            md("<p># not a heading</p><p>1. not a list *or* [link]</p>"),
            "\\# not a heading\n\n1\\. not a list \\*or\\* \\[link\\]\n"
        );
    }

    #[test]
    fn the_head_has_title_byline_date_and_source() {
        let page = crate::input::html::parse("<p>Body.</p>", None).unwrap();
        let report = Report {
            title: Some("A *title*".into()),
            byline: Some("Ann Lee".into()),
            published_time: Some("2024-05-01".into()),
            site_name: Some("The Site".into()),
            ..Report::default()
        };
        assert_eq!(
            document(&report, Some("https://e.com/a"), &page, page.body().unwrap()),
            "# A \\*title\\*\n\nAnn Lee · 2024-05-01 · [The Site](https://e.com/a)\n\nBody.\n"
        );
        assert_eq!(document(&Report::default(), Some("javascript:x"), &page, page.body().unwrap()), "Body.\n");
    }
}
