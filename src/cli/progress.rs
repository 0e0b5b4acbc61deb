//! The progress line of commands that stream a sample population (`preview`, `diff
//! --sample`): on stderr, only on a terminal, off with `--quiet`.

/// The progress line of a long preview: objects previewed, rate, elapsed; redrawn at
/// most four times a second, on stderr, only on a terminal.
pub(crate) struct Progress {
    started: std::time::Instant,
    drawn: std::time::Instant,
    objects: usize,
    shown: bool,
}

impl Progress {
    pub(crate) fn new(enabled: bool) -> Option<Progress> {
        use std::io::IsTerminal;
        let now = std::time::Instant::now();
        (enabled && std::io::stderr().is_terminal()).then_some(Progress {
            started: now,
            drawn: now,
            objects: 0,
            shown: false,
        })
    }

    /// One more object previewed.
    pub(crate) fn tick(&mut self) {
        self.set(self.objects + 1);
    }

    /// `objects` previewed so far.
    pub(crate) fn set(&mut self, objects: usize) {
        self.objects = objects;
        if self.drawn.elapsed() >= std::time::Duration::from_millis(250) {
            self.draw();
        }
    }

    fn draw(&mut self) {
        use std::io::Write as _;
        self.drawn = std::time::Instant::now();
        let elapsed = self.started.elapsed().as_secs_f64();
        #[allow(
            clippy::cast_precision_loss,
            reason = "a rate for people: precision beyond 2^52 objects does not matter"
        )]
        let rate = self.objects as f64 / elapsed.max(0.001);
        let mut stderr = anstream::AutoStream::auto(std::io::stderr().lock());
        let _ = write!(
            stderr,
            "\r\x1b[Kpreviewed {} objects, {rate:.0}/s, {elapsed:.1} s",
            self.objects
        );
        let _ = stderr.flush();
        self.shown = true;
    }

    /// Clears the line before the totals are printed.
    pub(crate) fn finish(self) {
        use std::io::Write as _;
        if self.shown {
            let mut stderr = anstream::AutoStream::auto(std::io::stderr().lock());
            let _ = write!(stderr, "\r\x1b[K");
            let _ = stderr.flush();
        }
    }
}
