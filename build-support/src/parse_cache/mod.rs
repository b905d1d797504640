//! The parse cache in `OUT_DIR`: every file's scan from the last successful
//! run (its resources parsed, its functions, imports and `mod` items), keyed
//! by the file's path and module and valid while the file's text is the
//! same (its checksum) and every `mod` item's file is where it was. A run
//! that has to rebuild the registry (an edit that changes the schema) then
//! parses only the files that changed, and decodes the others.
//!
//! The cache is one binary file ([`codec`]); the same configuration key as
//! the scan cache's guards it, with the package root. Anything it cannot
//! vouch for (another key, a damaged entry, a changed file) is parsed again.

mod codec;
mod file;
mod model;

use crate::scan::{FileScan, Visit};
use codec::{Codec, Reader, put_str, put_u64};
use conduit_format::hash::checksum;
use std::collections::HashMap;
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// Where the cache lives, under `OUT_DIR`.
pub(crate) const PARSE_CACHE_FILE: &str = "conduit/parse-cache";

/// The first bytes of the file; the number is the encoding's version.
const MAGIC: &[u8] = b"conduit-build parse cache 1\n";

/// The last successful run's scans, as read from `OUT_DIR`.
#[derive(Default)]
pub(crate) struct ParseCache {
    bytes: Vec<u8>,
    /// Each file's entries (one per module it was read as), by path.
    entries: HashMap<String, Vec<Range<usize>>>,
}

/// One entry's key and what makes it valid, before its scan.
struct Head<'a> {
    path: &'a str,
    module: &'a str,
    mod_rs: bool,
    checksum: u64,
}

impl<'a> Head<'a> {
    fn take(r: &mut Reader<'a>) -> Option<Self> {
        Some(Head {
            path: r.str()?,
            module: r.str()?,
            mod_rs: bool::take(r)?,
            checksum: r.u64()?,
        })
    }

    fn put(&self, out: &mut Vec<u8>) {
        put_str(out, self.path);
        put_str(out, self.module);
        self.mod_rs.put(out);
        put_u64(out, self.checksum);
    }
}

impl ParseCache {
    /// Reads the cache under `out_dir` if it was written for `key` and
    /// `root`; an empty cache otherwise.
    pub fn load(out_dir: &Path, key: u64, root: &Path) -> ParseCache {
        std::fs::read(out_dir.join(PARSE_CACHE_FILE))
            .ok()
            .and_then(|bytes| Self::index(bytes, key, root))
            .unwrap_or_default()
    }

    fn index(bytes: Vec<u8>, key: u64, root: &Path) -> Option<ParseCache> {
        let mut entries: HashMap<String, Vec<Range<usize>>> = HashMap::new();
        let body = bytes.strip_prefix(MAGIC)?;
        let mut r = Reader::new(body);
        if r.u64()? != key || r.str()? != root.to_str()? {
            return None;
        }
        let count = r.u64()?;
        for _ in 0..count {
            let len = usize::try_from(r.u64()?).ok()?;
            let start = bytes.len() - r.remaining();
            let entry = r.skip(len)?;
            let path = Reader::new(entry).str()?;
            entries
                .entry(path.to_owned())
                .or_default()
                .push(start..start + len);
        }
        r.is_empty().then_some(ParseCache { bytes, entries })
    }

    /// The stored scan of the file `v` names, if `text` is what was stored
    /// and every file lookup the scan made answers as it did, with the
    /// entry's bytes (for the next cache); `text` back otherwise.
    pub fn lookup(&self, v: &Visit, text: String) -> Result<(FileScan, Vec<u8>), String> {
        let Some(ranges) = v.path.to_str().and_then(|p| self.entries.get(p)) else {
            return Err(text);
        };
        let sum = checksum(text.as_bytes());
        let holds = |range: &Range<usize>| {
            let entry = &self.bytes[range.clone()];
            let mut r = Reader::new(entry);
            let head = Head::take(&mut r)?;
            (head.module == v.module && head.mod_rs == v.mod_rs && head.checksum == sum)
                .then_some((r, entry))
        };
        let found = ranges.iter().find_map(holds).and_then(|(mut r, entry)| {
            let scan = file::take_scan(&mut r)?;
            let probes_hold = scan.probes.iter().all(|(p, found)| p.is_file() == *found);
            (r.is_empty() && probes_hold).then_some((scan, entry))
        });
        let Some((mut scan, entry)) = found else {
            return Err(text);
        };
        if let Some(f) = scan.scan.files.first_mut() {
            f.text = text;
        }
        Ok((scan, entry.to_vec()))
    }
}

/// The entry of a file just scanned, or `None` if it is not stored (see
/// [`file::storable`]).
pub(crate) fn entry(v: &Visit, scan: &FileScan) -> Option<Vec<u8>> {
    if !file::storable(scan) {
        return None;
    }
    let text = &scan.scan.files.first()?.text;
    let mut out = Vec::with_capacity(text.len() * 2);
    Head {
        path: v.path.to_str()?,
        module: &v.module,
        mod_rs: v.mod_rs,
        checksum: checksum(text.as_bytes()),
    }
    .put(&mut out);
    file::put_scan(scan, &mut out);
    Some(out)
}

/// The entries of this run's scans, collected from the threads that read
/// the files.
#[derive(Default)]
pub(crate) struct Entries(Mutex<Vec<Vec<u8>>>);

impl Entries {
    /// Adds one file's entry.
    pub fn add(&self, entry: Vec<u8>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(entry);
    }

    /// Writes the cache under `out_dir` (best effort: without it the next
    /// run parses every file). The entries are sorted, so the same scans
    /// give the same file whichever thread read what. The file is written
    /// beside its final name and then renamed, so a run stopped while
    /// writing leaves the last cache, never half of one.
    pub fn store(&self, out_dir: &Path, key: u64, root: &Path) {
        let mut entries =
            std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner));
        entries.sort_unstable();
        entries.dedup();
        let Some(root) = root.to_str() else {
            return;
        };
        let path = out_dir.join(PARSE_CACHE_FILE);
        // A name of this store's own: two builds writing one `OUT_DIR` at
        // once (Cargo does not, a program calling `build` might) each
        // rename a whole file into place.
        static STORES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = STORES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let partial = path.with_extension(format!("{}-{n}.partial", std::process::id()));
        let write = || -> std::io::Result<()> {
            // On a first run, before the outputs are written beside it.
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut file = std::io::BufWriter::new(std::fs::File::create(&partial)?);
            let mut head = MAGIC.to_vec();
            put_u64(&mut head, key);
            put_str(&mut head, root);
            put_u64(&mut head, entries.len() as u64);
            file.write_all(&head)?;
            for e in &entries {
                head.clear();
                put_u64(&mut head, e.len() as u64);
                file.write_all(&head)?;
                file.write_all(e)?;
            }
            file.into_inner()
                .map_err(std::io::IntoInnerError::into_error)?;
            std::fs::rename(&partial, &path)
        };
        if write().is_err() {
            let _ = std::fs::remove_file(&partial);
        }
    }
}

#[cfg(test)]
mod tests;
