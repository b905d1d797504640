//! Finding the registry in a file: a blob as `conduit-build` writes it, or
//! a compiled binary (ELF, Mach-O, PE) holding it in its link section, or —
//! for crates built with `Builder::no_link_section()` — anywhere in the file
//! at a 16-byte aligned offset. Every candidate goes through
//! `Registry::from_bytes`, which validates all of it.

use crate::Failure;
use conduit::{AlignedBytes, Registry};
use conduit_format::header::{FORMAT_VERSION, HEADER_LEN, MAGIC};
use conduit_format::header::{SECTION_ELF, SECTION_MACHO, SECTION_PE};
use object::{Object, ObjectSection};
use std::path::Path;

/// A validated registry blob and where it was found.
pub struct Found {
    /// The blob (header and payload), 16-byte aligned.
    pub blob: AlignedBytes,
    /// Where it was, for `--verbose`.
    pub origin: String,
}

impl Found {
    /// The registry (validated again: cheap, and keeps `Found` a plain value).
    pub fn registry(&self) -> Result<Registry<'_>, Failure> {
        Registry::from_bytes(&self.blob).map_err(|e| Failure::new(format!("corrupt registry: {e}")))
    }
}

/// The registry of `found` for the rest of the process (the servers hand
/// `&'static` registries to their handlers): the blob is leaked, once.
#[cfg(any(feature = "mcp", feature = "serve"))]
pub fn leak(found: Found) -> Result<&'static Registry<'static>, Failure> {
    let found: &'static Found = Box::leak(Box::new(found));
    Ok(Box::leak(Box::new(found.registry()?)))
}

/// A blob candidate that did not validate.
struct Refused {
    offset: usize,
    /// The header looks like ours (zero padding, known version): a real but
    /// damaged registry rather than the magic bytes by chance.
    plausible: bool,
    error: conduit::Error,
}

/// What searching a byte range gave.
enum Search {
    Found(Found),
    Refused(Vec<Refused>),
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Tries the blob starting at `bytes[at..]`.
fn candidate(bytes: &[u8], at: usize) -> Result<AlignedBytes, Refused> {
    let header = bytes.get(at..).unwrap_or_default();
    let plausible = header
        .get(24..HEADER_LEN)
        .is_some_and(|pad| pad.iter().all(|b| *b == 0))
        && le_u32(header, 16) == Some(FORMAT_VERSION);
    let len = le_u32(header, 20).map_or(0, |n| n as usize);
    let end = HEADER_LEN.saturating_add(len).min(header.len());
    let blob = AlignedBytes::from_slice(&header[..end]);
    match Registry::from_bytes(&blob) {
        Ok(_) => Ok(blob),
        Err(error) => Err(Refused {
            offset: at,
            plausible,
            error,
        }),
    }
}

/// Every 16-byte aligned offset of `bytes` (relative to its start) holding
/// the magic, tried in order.
fn search(bytes: &[u8], base: usize, origin: &str) -> Search {
    let mut refused = Vec::new();
    for at in (0..bytes.len()).step_by(16) {
        if !bytes[at..].starts_with(&MAGIC) {
            continue;
        }
        match candidate(bytes, at) {
            Ok(blob) => {
                return Search::Found(Found {
                    origin: format!("{origin} at file offset {:#x}", base + at),
                    blob,
                });
            }
            Err(mut r) => {
                r.offset += base;
                refused.push(r);
            }
        }
    }
    Search::Refused(refused)
}

/// The link section holding the registry, if the file is an object file
/// that has one: its name and file range.
fn section(bytes: &[u8]) -> Result<Option<(String, usize, usize)>, ()> {
    let file = object::File::parse(bytes).map_err(|_| ())?;
    let macho = SECTION_MACHO.rsplit(',').next().unwrap_or(SECTION_MACHO);
    for name in [SECTION_ELF, SECTION_PE, macho, SECTION_MACHO] {
        // (Let chains: the CLI's MSRV is 1.88, for rmcp.)
        if let Some(s) = file.section_by_name(name)
            && let Some((offset, size)) = s.file_range()
        {
            let (offset, size) = (offset as usize, size as usize);
            if offset
                .checked_add(size)
                .is_some_and(|end| end <= bytes.len())
            {
                return Ok(Some((name.to_owned(), offset, size)));
            }
        }
    }
    Ok(None)
}

fn corrupt(path: &Path, r: &Refused) -> Failure {
    Failure::new(format!(
        "corrupt conduit registry in `{}` at offset {:#x}: {}",
        path.display(),
        r.offset,
        r.error
    ))
}

/// Reads `path` and finds its registry.
pub fn find(path: &Path) -> Result<Found, Failure> {
    let bytes = AlignedBytes::read(path)
        .map_err(|e| Failure::new(format!("cannot read `{}`: {e}", path.display())))?;

    if bytes.starts_with(&MAGIC) {
        return match candidate(&bytes, 0) {
            Ok(blob) => Ok(Found {
                blob,
                origin: "registry blob file".into(),
            }),
            Err(r) => Err(corrupt(path, &r)),
        };
    }
    let object = section(&bytes);
    if let Ok(Some((name, offset, size))) = &object {
        let origin = format!("section `{name}`");
        match search(&bytes[*offset..offset + size], *offset, &origin) {
            Search::Found(found) => return Ok(found),
            Search::Refused(refused) => match refused.first() {
                Some(r) => return Err(corrupt(path, r)),
                None => {
                    return Err(Failure::new(format!(
                        "corrupt conduit registry in `{}`: section `{name}` holds no registry header",
                        path.display()
                    )));
                }
            },
        }
    }
    // No link section (`Builder::no_link_section()`), or not an object file
    // we know: look for the header anywhere.
    match search(&bytes, 0, "the file (no registry section)") {
        Search::Found(found) => Ok(found),
        Search::Refused(refused) => {
            if let Some(r) = refused.iter().find(|r| r.plausible) {
                Err(corrupt(path, r))
            } else if object.is_ok() {
                Err(Failure::new(format!(
                    "no conduit registry in `{}`: no `{SECTION_ELF}` section and no registry header; was it built with conduit-build?",
                    path.display()
                )))
            } else {
                Err(Failure::new(format!(
                    "`{}` is neither a compiled binary (ELF, Mach-O, PE) nor a conduit registry blob",
                    path.display()
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        conduit_testkit::blob().to_vec()
    }

    fn write(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("conduit-cli-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn a_blob_file_loads() {
        let found = find(&write("ok.bin", &sample())).unwrap();
        assert_eq!(found.registry().unwrap().len(), 3);
        assert_eq!(found.origin, "registry blob file");
    }

    #[test]
    fn a_blob_inside_other_bytes_is_found_at_an_aligned_offset() {
        let mut bytes = vec![0x5a; 4096];
        bytes.extend_from_slice(&sample());
        bytes.extend_from_slice(&[0; 100]);
        let found = find(&write("embedded.dat", &bytes)).unwrap();
        assert_eq!(found.registry().unwrap().len(), 3);
        assert!(found.origin.contains("0x1000"), "{}", found.origin);
    }

    #[test]
    fn truncated_and_damaged_blobs_are_corrupt() {
        let blob = sample();
        let err = find(&write("short.bin", &blob[..blob.len() - 8]))
            .err()
            .unwrap();
        assert!(err.0.starts_with("corrupt conduit registry"), "{}", err.0);
        let mut damaged = blob.clone();
        let n = damaged.len();
        damaged[n - 64..].fill(0xff);
        let err = find(&write("damaged.bin", &damaged)).err().unwrap();
        assert!(err.0.contains("checksum"), "{}", err.0);
        // With a matching checksum, the archive validation refuses it.
        conduit_format::envelope::reseal(&mut damaged);
        let err = find(&write("damaged.bin", &damaged)).err().unwrap();
        assert!(
            err.0.contains("invalid conduit registry archive"),
            "{}",
            err.0
        );
    }

    #[test]
    fn other_files_are_not_registries() {
        let err = find(&write("text.txt", b"hello, world\n")).err().unwrap();
        assert!(err.0.contains("neither a compiled binary"), "{}", err.0);
        let err = find(Path::new("/nonexistent/conduit/app")).err().unwrap();
        assert!(err.0.starts_with("cannot read"), "{}", err.0);
    }

    #[test]
    fn magic_bytes_by_chance_do_not_make_a_registry() {
        let mut bytes = vec![0u8; 64];
        bytes[16..24].copy_from_slice(&MAGIC);
        bytes[32] = 7; // not a zero-padded header
        let err = find(&write("chance.dat", &bytes)).err().unwrap();
        assert!(err.0.contains("neither a compiled binary"), "{}", err.0);
    }

    #[test]
    fn this_test_binary_has_no_registry() {
        let exe = std::env::current_exe().unwrap();
        let err = find(&exe).err().unwrap();
        assert!(err.0.starts_with("no conduit registry"), "{}", err.0);
    }
}
