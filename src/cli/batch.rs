//! Several pages at once: the inputs (folders give their `.html` pages, recursively, in name
//! order) read in parallel, one line each on standard output in the order given.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::stdout::{Out, WriteFailed};

/// Stack for each worker: as much as the main thread has, for deeply nested pages.
const STACK: usize = 8 << 20;

/// Folders deeper than this are not followed (a loop of bind mounts, a runaway tree).
const MAX_DEPTH: usize = 32;

/// The pages the arguments name: a file as it is (a missing one fails as a page), a folder as
/// its `.html`/`.htm`/`.xhtml` files below it, sorted; symbolic links to folders are not
/// followed. A folder that cannot be listed, or holds no page, stays as an input: it fails as a
/// page would, and says why.
pub fn expand(args: &[String]) -> Vec<String> {
    let mut pages = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if arg != "-" && path.is_dir() {
            let before = pages.len();
            if !pages_below(path, 0, &mut pages) || pages.len() == before {
                pages.truncate(before);
                pages.push(arg.clone());
            }
        } else {
            pages.push(arg.clone());
        }
    }
    pages
}

fn pages_below(dir: &Path, depth: usize, pages: &mut Vec<String>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path.file_name().and_then(|n| n.to_str()).is_none_or(|n| n.starts_with('.'));
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        if hidden {
            continue;
        }
        if meta.is_dir() {
            if depth < MAX_DEPTH {
                pages_below(&path, depth + 1, pages);
            }
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("html" | "htm" | "xhtml")) {
            pages.push(path.to_string_lossy().into_owned());
        }
    }
    true
}

/// Of two pages' statuses, the one the run ends with: failure (1) over no article (2) over 0.
pub fn worse(a: u8, b: u8) -> u8 {
    let rank = |s: u8| match s {
        0 => 0,
        2 => 1,
        _ => 2,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// Runs `page` over every input on `jobs` threads and writes each line it gives (a status and a
/// line of JSON) in input order, as soon as the lines before it are out. Returns the worst
/// status; a failed write stops the workers after the page they are on.
pub fn run<F>(inputs: &[String], jobs: usize, page: F, out: &mut Out) -> Result<u8, WriteFailed>
where
    F: Fn(&str) -> (u8, String) + Sync,
{
    let jobs = jobs.clamp(1, inputs.len().max(1));
    if jobs == 1 {
        let mut worst = 0;
        for input in inputs {
            let (status, line) = page(input);
            worst = worse(worst, status);
            out.line(&line)?;
        }
        return Ok(worst);
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, u8, String)>();
        let mut started = 0;
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, stop, page) = (&next, &stop, &page);
            let worker = move || {
                while !stop.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let (status, line) = page(input);
                    if tx.send((i, status, line)).is_err() {
                        break;
                    }
                }
            };
            if std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, worker).is_ok() {
                started += 1;
            }
        }
        drop(tx);
        let mut worst = 0;
        let mut waiting: BTreeMap<usize, (u8, String)> = BTreeMap::new();
        let mut due = 0;
        if started == 0 {
            // No thread could start: this one does the work.
            for input in inputs {
                let (status, line) = page(input);
                worst = worse(worst, status);
                out.line(&line)?;
            }
            return Ok(worst);
        }
        for (i, status, line) in rx {
            waiting.insert(i, (status, line));
            while let Some((status, line)) = waiting.remove(&due) {
                worst = worse(worst, status);
                if let Err(e) = out.line(&line) {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                due += 1;
            }
        }
        Ok(worst)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_status_wins() {
        assert_eq!([0, 2, 0].into_iter().fold(0, worse), 2);
        assert_eq!([2, 1, 0].into_iter().fold(0, worse), 1);
        assert_eq!([0, 0].into_iter().fold(0, worse), 0);
    }
}
