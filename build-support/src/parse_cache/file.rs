//! [`Codec`] for one file's scan ([`FileScan`] without the file's text, which
//! is read again: its checksum is what makes an entry valid).

use super::codec::{Codec, Reader, codec_struct};
use crate::scan::{Child, FileScan, FoundFn, FoundStruct, Scan, SourceFile, Visit};
use std::path::PathBuf;

impl Codec for PathBuf {
    fn put(&self, out: &mut Vec<u8>) {
        // Only paths that are UTF-8 are stored (see `storable`).
        super::codec::put_str(out, &self.to_string_lossy());
    }
    fn take(r: &mut Reader) -> Option<Self> {
        r.str().map(PathBuf::from)
    }
}

/// Whether a scan can be stored: it read cleanly (a file that does not
/// parse, or holds a resource the build step cannot see, is read again each
/// time, so its warning or error is too) and every path in it is UTF-8.
pub(crate) fn storable(f: &FileScan) -> bool {
    let s = &f.scan;
    let utf8 = |p: &PathBuf| p.to_str().is_some();
    s.unparsable.is_empty()
        && s.misplaced.is_empty()
        && s.extra_files.is_empty()
        && s.walked.is_empty()
        && s.files.len() == 1
        && s.missing.iter().all(utf8)
        && f.children.iter().all(|c| utf8(&c.visit.path))
        && f.probes.iter().all(|(p, _)| utf8(p))
}

/// Appends a file's scan, without its text.
pub(crate) fn put_scan(f: &FileScan, out: &mut Vec<u8>) {
    let s = &f.scan;
    let Scan {
        files,
        structs,
        fns,
        uses,
        globs,
        aliases,
        missing,
        // Empty in a storable scan, or filled in after the files are read.
        misplaced: _,
        extra_files: _,
        unparsable: _,
        from_crate_root: _,
        walked: _,
        parsed: _,
    } = s;
    files.put(out);
    structs.put(out);
    fns.put(out);
    uses.put(out);
    globs.put(out);
    aliases.put(out);
    missing.put(out);
    f.children.put(out);
    f.probes.put(out);
}

/// Reads a file's scan back, its text left empty.
pub(crate) fn take_scan(r: &mut Reader) -> Option<FileScan> {
    let files: Vec<SourceFile> = Codec::take(r)?;
    let structs: Vec<FoundStruct> = Codec::take(r)?;
    let fns: std::collections::BTreeMap<String, FoundFn> = Codec::take(r)?;
    // Every index into `files` of a one-file scan is 0.
    if files.len() != 1 || structs.iter().any(|s| s.file != 0) || fns.values().any(|f| f.file != 0)
    {
        return None;
    }
    let scan = Scan {
        files,
        structs,
        fns,
        uses: Codec::take(r)?,
        globs: Codec::take(r)?,
        aliases: Codec::take(r)?,
        missing: Codec::take(r)?,
        ..Scan::default()
    };
    Some(FileScan {
        scan,
        children: Codec::take(r)?,
        probes: Codec::take(r)?,
    })
}

impl Codec for SourceFile {
    fn put(&self, out: &mut Vec<u8>) {
        let SourceFile {
            rel,
            text: _,
            module,
            mod_rs,
            record,
        } = self;
        rel.put(out);
        module.put(out);
        mod_rs.put(out);
        record.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(SourceFile {
            rel: Codec::take(r)?,
            text: String::new(),
            module: Codec::take(r)?,
            mod_rs: Codec::take(r)?,
            record: Codec::take(r)?,
        })
    }
}

codec_struct!(FoundStruct {
    file,
    module,
    def,
    broken
});
codec_struct!(FoundFn {
    file,
    source,
    line,
    column,
    calls
});
codec_struct!(Child {
    visit,
    structs,
    misplaced,
    missing
});
codec_struct!(Visit {
    path,
    module,
    mod_rs
});
