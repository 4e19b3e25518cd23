//! Standard output for scripts: written through one locked handle, never with `println!` (which
//! panics on a closed pipe); a write that fails ends the command with status 1. Messages go to
//! standard error through `say!`, never `eprintln!` (which panics when stderr is a closed pipe).

use std::io::{self, BufWriter, StdoutLock, Write};
use std::process::ExitCode;

use crate::EXIT_UNREADABLE;

/// Writes one line to standard error. A failed write is ignored: the message is for a person
/// who is no longer reading, and the exit status still tells the outcome.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub(crate) use say;

/// Standard output, buffered; `line` flushes so a reader sees each line as it is made.
pub struct Out {
    inner: BufWriter<StdoutLock<'static>>,
}

/// A write to standard output that failed.
pub struct WriteFailed(io::Error);

impl Out {
    pub fn new() -> Self {
        Out { inner: BufWriter::new(io::stdout().lock()) }
    }

    pub fn write(&mut self, text: &str) -> Result<(), WriteFailed> {
        self.inner.write_all(text.as_bytes()).map_err(WriteFailed)
    }

    /// Writes one line of JSON Lines and hands it on at once.
    pub fn line(&mut self, text: &str) -> Result<(), WriteFailed> {
        self.write(text)?;
        self.write("\n")?;
        self.inner.flush().map_err(WriteFailed)
    }

    pub fn finish(mut self) -> Result<(), WriteFailed> {
        self.inner.flush().map_err(WriteFailed)
    }
}

impl WriteFailed {
    /// A closed pipe (`| head`) ends the command quietly, as other tools do; any other failure
    /// (a full disk) is said on stderr. Either way the status is 1: the output is not whole.
    pub fn exit(self) -> ExitCode {
        if self.0.kind() != io::ErrorKind::BrokenPipe {
            say!("folio: cannot write the output: {}", self.0);
        }
        ExitCode::from(EXIT_UNREADABLE)
    }
}

/// Writes `text` to standard output: success, or the status of the failed write.
pub fn print(text: &str) -> ExitCode {
    let mut out = Out::new();
    match out.write(text).and_then(|()| out.finish()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.exit(),
    }
}
