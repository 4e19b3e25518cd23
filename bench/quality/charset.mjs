// Which encoding `folio` decodes a saved page with (src/input/html/decode.rs, ported: BOM, UTF-16
// without BOM, valid multi-byte UTF-8 whatever the page declares, the <meta> declaration in the
// first 4096 bytes, UTF-8, else windows-1252), as a WHATWG encoding name, to compare with the
// browser's document.characterSet. Browsers differ from it on saved pages that lost their HTTP
// charset header: no declaration (browsers fall back to windows-1252), a declaration past the
// first 1024 bytes (the browsers' prescan), or a stale legacy declaration on UTF-8 bytes.

const label = (l) => {
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null; // unknown, or the replacement encoding
  }
};

function sniffUtf16(head) {
  const pairs = Math.floor(head.length / 2);
  if (pairs < 8) return null;
  let even = 0, odd = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0 && head[i + 1] !== 0) even++;
    if (head[i + 1] === 0 && head[i] !== 0) odd++;
  }
  const mostly = (n) => n * 10 >= pairs * 7;
  const rarely = (n) => n * 50 <= pairs;
  if (mostly(odd) && rarely(even)) return 'utf-16le';
  if (mostly(even) && rarely(odd)) return 'utf-16be';
  return null;
}

/** The charset declared by a <meta> in `head` (decode.rs declared_charset). */
export function declaredCharset(head) {
  const lower = Buffer.from(head).toString('latin1').toLowerCase();
  let from = 0;
  for (;;) {
    const i = lower.indexOf('<meta', from);
    if (i < 0) return null;
    let end = lower.indexOf('>', i);
    if (end < 0) end = lower.length;
    const tag = lower.slice(i, end);
    const pos = tag.indexOf('charset');
    if (pos >= 0) {
      const rest = tag.slice(pos + 7).trimStart();
      if (rest.startsWith('=')) {
        const v = /^[^"';\s/>]*/.exec(rest.slice(1).trimStart().replace(/^["']+/, ''))[0];
        if (v) return v;
      }
    }
    from = end;
    if (from >= lower.length) return null;
  }
}

const isUtf8 = (bytes) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** The encoding folio decodes `bytes` with (WHATWG name, lowercase). */
export function cliCharset(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const utf16 = sniffUtf16(bytes.subarray(0, 8192));
  if (utf16) return utf16;
  const declaredLabel = declaredCharset(bytes.subarray(0, 4096));
  const declared = declaredLabel ? label(declaredLabel) : null;
  const utf8 = isUtf8(bytes);
  const multibyte = utf8 && bytes.some((b) => b > 0x7f);
  if (multibyte) return 'utf-8';
  if (declared === 'utf-16le' || declared === 'utf-16be') return 'utf-8';
  if (declared) return declared;
  return utf8 ? 'utf-8' : 'windows-1252';
}

/** Whether the browser's document.characterSet is another encoding than folio's (ASCII-only pages never differ in text). */
export function charsetDiffers(browser, cli, bytes) {
  if (!browser || !cli) return false;
  if (!bytes.some((b) => b > 0x7f)) return false;
  return label(browser) !== label(cli);
}
