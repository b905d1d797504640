//! Writes the generated files, leaving untouched those whose content did not
//! change (so Cargo and rustc see no new modification times).

use crate::{Error, Summary};
use conduit_codegen::emit::{BLOB_FILE, Generated, SOURCE_FILE};
use std::path::Path;

/// Writes both files under `out_dir` if their content differs.
pub fn outputs(out_dir: &Path, generated: &Generated, resources: usize) -> Result<Summary, Error> {
    let source_path = out_dir.join(SOURCE_FILE);
    let blob_path = out_dir.join(BLOB_FILE);
    let changed_blob = write_if_changed(&blob_path, &generated.blob)?;
    let changed_source = write_if_changed(&source_path, generated.source.as_bytes())?;
    Ok(Summary {
        resources,
        source_len: generated.source.len(),
        blob_len: generated.blob.len(),
        source_path,
        blob_path,
        changed: changed_blob || changed_source,
        reused: false,
        parsed: 0,
    })
}

fn write_if_changed(path: &Path, content: &[u8]) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return Ok(false);
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            action: "create the folder",
            source,
        })?;
    }
    std::fs::write(path, content).map_err(|source| Error::Io {
        path: path.to_owned(),
        action: "write",
        source,
    })?;
    Ok(true)
}
