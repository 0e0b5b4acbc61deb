//! A sample worked on every core, its results taken in row order: one thread reads
//! the file into batches of rows (not parsing JSON Lines), one worker per core parses
//! and previews whole batches, and the caller's thread takes each batch's result in
//! the order of the file, so output and examples are the same whatever the thread
//! timing. The channels are bounded: a few batches are in flight, whatever the
//! population's size.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::{Mutex, mpsc};

use std::sync::atomic::AtomicU64;

use super::sample::{PendingRow, Row, SampleError, for_each_batch_counted};

/// Rows per batch: enough to make handing a batch over cheap next to working on it,
/// few enough that a batch of real users stays well under a megabyte.
pub(crate) const BATCH_ROWS: usize = 512;

/// How many workers: one per core.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Reads the sample at `path`, hands each batch of rows to `work` on a worker thread,
/// and each batch's result to `consume` on this thread, in the order of the file.
pub(crate) fn in_row_order<T: Send>(
    path: &Path,
    read: Option<&AtomicU64>,
    work: impl Fn(Vec<Row>) -> T + Sync,
    mut consume: impl FnMut(T),
) -> Result<(), SampleError> {
    let workers = workers();
    let (to_workers, batches) = mpsc::sync_channel::<(usize, Vec<PendingRow>)>(workers * 2);
    let (to_consumer, results) = mpsc::sync_channel::<(usize, T)>(workers * 2);
    let batches = Mutex::new(batches);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut index = 0;
            for_each_batch_counted(path, BATCH_ROWS, read, |batch| {
                let sent = to_workers.send((index, batch)).is_ok();
                index += 1;
                sent
            })
        });
        for _ in 0..workers {
            let to_consumer = to_consumer.clone();
            let (batches, work) = (&batches, &work);
            scope.spawn(move || {
                loop {
                    // The lock is held while waiting for a batch, not while working.
                    let next = match batches.lock() {
                        Ok(receiver) => receiver.recv().ok(),
                        Err(_) => None,
                    };
                    let Some((index, batch)) = next else {
                        break;
                    };
                    let rows = batch.into_iter().map(PendingRow::parse).collect();
                    if to_consumer.send((index, work(rows))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(to_consumer);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (index, result) in results {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                consume(result);
                next += 1;
            }
        }
        match reader.join() {
            Ok(read) => read,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn results_come_back_in_the_order_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.jsonl");
        let text: String = (0..5000).fold(String::new(), |mut text, i| {
            let _ = writeln!(text, "{{\"n\": \"{i}\"}}");
            text
        });
        std::fs::write(&path, text).unwrap();
        let mut seen = Vec::new();
        in_row_order(
            &path,
            None,
            |rows| rows.iter().map(|row| row.number).collect::<Vec<_>>(),
            |numbers| seen.extend(numbers),
        )
        .unwrap();
        assert_eq!(seen, (1..=5000).collect::<Vec<_>>());
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let error = in_row_order(Path::new("no/such.jsonl"), None, |rows| rows.len(), |_| {})
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("no/such.jsonl: "), "{error}");
    }
}
