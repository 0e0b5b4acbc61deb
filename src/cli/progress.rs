//! The progress line of commands that stream a sample population (`preview`, `diff
//! --sample`): a bar of the bytes read out of the file's size, the objects previewed,
//! the rate and the time; on stderr, only on a terminal, off with `--quiet`.

/// The progress line of a long preview: objects previewed, rate, elapsed; redrawn at
/// most four times a second, on stderr, only on a terminal.
pub(crate) struct Progress {
    started: std::time::Instant,
    drawn: std::time::Instant,
    objects: usize,
    shown: bool,
    /// Bytes of the sample read so far (the reader adds to it), and its size: a bar.
    read: std::sync::Arc<std::sync::atomic::AtomicU64>,
    size: u64,
}

/// Cells of the bar.
const BAR: u64 = 24;

impl Progress {
    /// A progress line for reading `sample`, when enabled and stderr is a terminal.
    pub(crate) fn new(enabled: bool, sample: &std::path::Path) -> Option<Progress> {
        use std::io::IsTerminal;
        let now = std::time::Instant::now();
        (enabled && std::io::stderr().is_terminal()).then(|| Progress {
            started: now,
            drawn: now,
            objects: 0,
            shown: false,
            read: std::sync::Arc::default(),
            size: std::fs::metadata(sample).map_or(0, |metadata| metadata.len()),
        })
    }

    /// The counter the sample's reader adds to (`PreviewOptions::read_bytes`).
    pub(crate) fn counter(&self) -> std::sync::Arc<std::sync::atomic::AtomicU64> {
        std::sync::Arc::clone(&self.read)
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
        let text = line(
            self.objects,
            self.read.load(std::sync::atomic::Ordering::Relaxed),
            self.size,
            elapsed,
        );
        let mut stderr = anstream::AutoStream::auto(std::io::stderr().lock());
        let _ = write!(stderr, "\r\x1b[K{text}");
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

/// The progress line: a bar when the size is known (`read` of `size` bytes; UTF-16
/// samples are counted as read, so `read` is capped), the objects, the rate, the time.
fn line(objects: usize, read: u64, size: u64, elapsed: f64) -> String {
    #[allow(
        clippy::cast_precision_loss,
        reason = "a rate for people: precision beyond 2^52 objects does not matter"
    )]
    let rate = objects as f64 / elapsed.max(0.001);
    let bar = if size > 0 {
        let read = read.min(size);
        let filled = read.saturating_mul(BAR) / size;
        let percent = read.saturating_mul(100) / size;
        format!(
            "[{}{}] {percent:>3}% ",
            "#".repeat(usize::try_from(filled).unwrap_or(0)),
            " ".repeat(usize::try_from(BAR - filled).unwrap_or(0))
        )
    } else {
        String::new()
    };
    format!(
        "{bar}previewed {} objects, {rate:.0}/s, {elapsed:.1} s",
        synclens::text::thousands(objects)
    )
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn the_line_has_a_bar_when_the_size_is_known() {
        assert_eq!(
            line(1500, 50, 100, 2.0),
            "[############            ]  50% previewed 1,500 objects, 750/s, 2.0 s"
        );
        assert_eq!(
            line(10, 300, 100, 1.0),
            "[########################] 100% previewed 10 objects, 10/s, 1.0 s"
        );
        assert_eq!(line(3, 0, 0, 1.0), "previewed 3 objects, 3/s, 1.0 s");
    }
}
