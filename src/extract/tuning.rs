//! The tuning of extraction in one block: the class and id words that weigh a container up or
//! down, the tags scored and kept, and the thresholds (as Readability keeps its own).

pub(super) const UNLIKELY: &[&str] = &[
    "ad",
    "ai2html",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "combx",
    "comment",
    "comments",
    "commentlist",
    "recentcomments",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "extras",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "submenu",
    "related",
    "relatedposts",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "sidebars",
    "skyscraper",
    "social",
    "socials",
    "sponsor",
    "sponsored",
    "supplemental",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
];

pub(super) const MAYBE_CANDIDATE: &[&str] = &[
    "and",
    "article",
    "body",
    "bodytext",
    "column",
    "columns",
    "content",
    "contents",
    "main",
    "maincontent",
    "mathjax",
    // `MathJax` read in camel-case parts (Page::class_and_id).
    "math-jax",
    "shadow",
];

pub(super) const POSITIVE: &[&str] = &[
    "article",
    "body",
    "bodytext",
    "content",
    "contents",
    "maincontent",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];

pub(super) const NEGATIVE: &[&str] = &[
    "ad",
    "hid",
    "hidden",
    "banner",
    "combx",
    "comment",
    "comments",
    "commentlist",
    "recentcomments",
    "com",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "relatedposts",
    "scroll",
    "share",
    "shares",
    "sharedaddy",
    "shoutbox",
    "sidebar",
    "sidebars",
    "skyscraper",
    "sponsor",
    "sponsored",
    "shopping",
    "tags",
    "widget",
    "widgets",
];

pub(super) const BYLINE: &[&str] = &["byline", "author", "authors", "dateline", "writtenby", "p-author"];

pub(super) const UNLIKELY_ROLES: &[&str] =
    &["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"];

pub(super) const TAGS_TO_SCORE: &[&str] = &["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];

pub(super) const DIV_TO_P: &[&str] = &["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"];

pub(super) const PHRASING: &[&str] = &[
    "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i", "img",
    "input", "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q", "ruby", "samp",
    "script", "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
];

pub(super) const VIDEO_HOSTS: &[&str] = &[
    "//www.youtube.com",
    "//youtube.com",
    "//www.youtube-nocookie.com",
    "//youtube-nocookie.com",
    "//player.vimeo.com",
    "//www.dailymotion.com",
    "//dailymotion.com",
];

/// Below this many characters an attempt is retried with gentler rules.
pub(super) const CHAR_THRESHOLD: usize = 500;

/// Class or id fragments of author bio cards.
pub(super) const BIO_CARDS: &[&str] = &[
    "author-bio",
    "authorbio",
    "author_bio",
    "author-box",
    "authorbox",
    "about-author",
    "about-the-author",
    "author-card",
    "bio-card",
    "author-info",
    "contributor-bio",
    // WordPress's Simple Author Box plugin, on many blogs.
    "saboxplugin-wrap",
    "author-details",
];

/// Class or id words of a comment count ("12 comments") shown in the body.
pub(super) const COMMENT_COUNTS: &[&str] = &["comment-count", "comments-count", "comment-link", "comments-link"];

/// Class or id words of a share bar.
pub(super) const SHARE_BARS: &[&str] = &["share", "sharedaddy"];

/// An image with at most this many characters of text beside it is a captioned figure.
pub(super) const CAPTION_MAX_CHARS: usize = 300;

/// An image declared this many pixels wide or high, or less, is an icon.
pub(super) const ICON_MAX_PX: f32 = 64.0;

/// A byline-named inline element in a paragraph with this many more characters than its own
/// is part of the prose (a dateline), not a byline.
pub(super) const INLINE_BYLINE_PROSE_CHARS: usize = 100;

/// A lead paragraph between the title and the article's container has at least this many
/// characters; at most this many such blocks join the article.
pub(super) const LEAD_MIN_CHARS: usize = 80;
pub(super) const LEAD_MAX_BLOCKS: usize = 2;

/// An extracted container whose text is more than this share links is not an article (a link
/// list, a shop's product grid).
pub(super) const ARTICLE_MAX_LINK_DENSITY: f64 = 0.5;

/// At the article's edges, a line shorter than this that is no sentence is page furniture.
pub(super) const EDGE_SHORT_CHARS: usize = 50;

/// At the article's start, a line of links shorter than this that is no sentence (skip links,
/// tags, a breadcrumb) is page furniture.
pub(super) const LEAD_LINKS_MAX_CHARS: usize = 200;

/// Labels of a page's filing ("Kategorie: News"), in the languages of the pages we have seen.
pub(super) const FILING_LABELS: &[&str] = &[
    "kategorie:",
    "kategorien:",
    "category:",
    "categories:",
    "rubrik:",
    "tags:",
    "schlagworte:",
    "schlagwörter:",
    "themen:",
    "catégorie:",
    "categoría:",
    "categoria:",
    "etiquetas:",
    "sección:",
    "filed under:",
    "posted in:",
];

/// At the article's end, a block of at most this many characters that reads as a call to
/// action (follow us, get the app, subscribe) is the site talking, not the article.
pub(super) const CALL_TO_ACTION_MAX_CHARS: usize = 300;

/// A site's call to action, in the languages of the pages we have seen, matched as whole
/// words: what it asks (follow, subscribe, get) and where (an app, a network, a newsletter).
/// An ask with a where, or a firm ask that opens the block or stands beside a link, makes a
/// short closing block furniture.
pub(super) const CALL_TO_ACTION_ASKS: &[&str] = &[
    "follow",
    "subscribe",
    "sign up",
    "download",
    "join",
    "get the latest",
    "latest news",
    "latest stories",
    "breaking news",
    "email us",
    "síguenos",
    "suscríbete",
    "únete",
    "descarga",
    "folgen sie",
    "abonnieren",
    "suivez-nous",
    "abonnez-vous",
    "téléchargez",
    "siga-nos",
    "inscreva-se",
    "baixe",
];
pub(super) const CALL_TO_ACTION_FIRM_ASKS: &[&str] = &[
    "follow us",
    "subscribe",
    "sign up",
    "síguenos",
    "suscríbete",
    "únete",
    "folgen sie",
    "abonnieren sie",
    "suivez-nous",
    "abonnez-vous",
    "siga-nos",
    "inscreva-se",
];
pub(super) const CALL_TO_ACTION_CHANNELS: &[&str] = &[
    "app",
    "apps",
    "newsletter",
    "ios",
    "android",
    "twitter",
    "facebook",
    "instagram",
    "whatsapp",
    "telegram",
    "youtube",
    "tiktok",
    "linkedin",
];

/// A credit at a caption's end is at most this long, its label included.
pub(super) const INLINE_CREDIT_MAX_CHARS: usize = 70;

/// A credit line is at most this long.
pub(super) const CREDIT_MAX_CHARS: usize = 100;

/// How a picture's credit line opens, in the languages of the pages we have seen: a credit
/// anywhere in the article.
pub(super) const PHOTO_CREDIT_LABELS: &[&str] = &[
    "foto:",
    "fotos:",
    "foto ©",
    "photo:",
    "photos:",
    "photo ©",
    "photo credit",
    "photo source:",
    "photograph:",
    "image:",
    "image credit",
    "image source:",
    "bild:",
    "bilder:",
    "bildquelle:",
    "crédito:",
    "credito:",
    "créditos:",
    "imagen:",
    "fotografía:",
    "zdjęcie:",
    "fot.",
];

/// How a source line opens: a credit only beside a picture (under a table it cites the data).
pub(super) const CREDIT_LABELS: &[&str] =
    &["quelle:", "source:", "fuente:", "fonte:", "credit:", "credits:", "©", "(c)", "copyright"];

/// Picture agencies and libraries: a short line naming one, beside a picture, is its credit.
pub(super) const CREDIT_AGENCIES: &[&str] = &[
    "shutterstock",
    "shutterstock.com",
    "getty images",
    "gettyimages",
    "istock",
    "istockphoto",
    "unsplash",
    "pexels",
    "pixabay",
    "imago",
    "adobe stock",
    "stock.adobe.com",
    "picture alliance",
    "picture-alliance",
    "dpa",
    "afp",
    "reuters",
    "ap photo",
    "keystone",
];

/// A credit line without a label (an agency's or a photographer's name, or a line the site
/// classes as a credit) is one only when this short ("TebNad/Shutterstock.com", "Mark
/// Stout/iStock/Getty Images"): a caption may end with its agency, or be classed as a credit.
pub(super) const CREDIT_NAME_MAX_CHARS: usize = 40;
pub(super) const CREDIT_NAME_MAX_WORDS: usize = 4;

/// Class or id words of a credit line (a hint, used only beside a picture).
pub(super) const CREDIT_CLASS_WORDS: &[&str] =
    &["credit", "credits", "image-credit", "image-credits", "photo-credit", "copyright", "img-credit"];

/// A title this long, repeated by one of several articles' headings, names the page's story
/// (shorter ones, "News" or "Home", could head any of them).
pub(super) const TITLED_STORY_MIN_CHARS: usize = 15;

/// Whole texts of a page control's label, in the languages of the pages we have seen: alone in
/// an element they are a button's words, not the article's.
pub(super) const CONTROL_LABELS: &[&str] = &[
    "bild anzeigen",
    "bilder anzeigen",
    "mehr anzeigen",
    "weniger anzeigen",
    "alle anzeigen",
    "show more",
    "show less",
    "show image",
    "show all",
    "view image",
    "enlarge image",
    "bild vergrößern",
    "vergrößern",
    "nach oben",
    "zurück zum seitenanfang",
    "zum seitenanfang",
    "back to top",
    "to top",
    "drucken",
    "print",
    "artikel drucken",
    "print article",
    "seite drucken",
    "merken",
    "zur merkliste",
    "auf die merkliste",
    "teilen",
    "share",
    "share this",
    "artikel teilen",
    "ver más",
    "mostrar más",
    "voir plus",
    "afficher plus",
    "imprimer",
    "partager",
    "retour en haut",
    "volver arriba",
    "imprimir",
    "compartir",
];

/// Words of an advertising or affiliate disclosure, in the languages of the pages we have seen:
/// a short block (see `INTERFACE_LINE_MAX_CHARS`) with one is the site's notice.
pub(super) const DISCLOSURES: &[&str] = &[
    "affiliate-link",
    "affiliate link",
    "affiliatelink",
    "partnerlinks",
    "partner-links",
    "werbelinks",
    "provisionslink",
    "provision erhält",
    "provision erhalten",
    "enthält werbung",
    "*werbung",
    "contains affiliate",
    "we may earn a commission",
    "earn a commission",
    "earns a commission",
    "as an amazon associate",
    "paid partnership",
    "enlaces de afiliados",
    "enlaces de afiliado",
    "liens d'affiliation",
    "liens affiliés",
];

/// A line of the site's interface (see `INTERFACE_LINES`) is at most this long.
pub(super) const INTERFACE_LINE_MAX_CHARS: usize = 400;

/// How the site's interface lines around an article begin: the comment form's notices and a
/// blog theme's filing line, in the languages of the pages we have seen.
pub(super) const INTERFACE_LINES: &[&str] = &[
    "comments are closed",
    "comments closed",
    "you must be logged in to post a comment",
    "leave a reply",
    "leave a comment",
    "write a comment",
    "post a comment",
    "add a comment",
    "this entry was posted",
    "this entry was filed",
    "kommentare sind geschlossen",
    "kommentare sind derzeit geschlossen",
    "die kommentarfunktion ist",
    "kommentar schreiben",
    "kommentare schreiben",
    "schreibe einen kommentar",
    "kommentar verfassen",
    "sie sind aktuell nicht eingeloggt",
    "sie müssen angemeldet sein",
    "der beitrag wurde am",
    "dieser eintrag wurde",
    "dieser beitrag wurde am",
    "los comentarios están cerrados",
    "deja un comentario",
    "dejar un comentario",
    "les commentaires sont fermés",
    "laisser un commentaire",
    "i commenti sono chiusi",
    "lascia un commento",
    "deixe um comentário",
    "comentários encerrados",
];

/// An author box at the article's end holds at most this many characters, its label included.
pub(super) const AUTHOR_BOX_MAX_CHARS: usize = 800;

/// How an author box is labelled, in the languages of the pages we have seen.
pub(super) const AUTHOR_BOX_LABELS: &[&str] = &[
    "about the author",
    "about the authors",
    "über den autor",
    "über die autorin",
    "über die autoren",
    "zum autor",
    "zur autorin",
    "zu den autoren",
    "autor*in",
    "autor/in",
    "autorin",
    "autor",
    "author",
    "the author",
    "sobre el autor",
    "sobre la autora",
    "à propos de l'auteur",
    "à propos de l’auteur",
    "l'auteur",
    "l’auteur",
    "sull'autore",
    "sobre o autor",
    "o autorze",
];

/// How a closing prompt to comment reads ("Verraten Sie gerne in den Kommentaren: …", "Let us
/// know in the comments!"): the site's invitation, not the article.
pub(super) const COMMENT_PROMPTS: &[&str] = &[
    "in den kommentaren",
    "in die kommentare",
    "in the comments",
    "en los comentarios",
    "dans les commentaires",
    "nei commenti",
    "nos comentários",
];

/// A closing line that points elsewhere for more is at most this long.
pub(super) const MORE_INFO_MAX_CHARS: usize = 120;

/// How such a line begins, in the languages of the pages we have seen.
pub(super) const MORE_INFO_LEADS: &[&str] = &[
    "weitere infos",
    "weitere informationen",
    "mehr infos",
    "mehr informationen",
    "infos unter",
    "informationen unter",
    "more info",
    "more information",
    "further information",
    "más información",
    "más info",
    "plus d'informations",
    "plus d'infos",
    "maggiori informazioni",
    "mais informações",
];

/// A heading that holds the whole title with more around it (a kicker) is the title when the
/// title has at least this many characters.
pub(super) const TITLE_IN_HEADING_MIN_CHARS: usize = 25;
