//! Unit tests: every accessor on the sample schema, loading and refusing
//! blobs, the `const` path of generated code, and allocation-freedom.

mod accessors;
mod embedded;
mod generated_code;
mod loading;
mod no_alloc;
