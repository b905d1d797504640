//! Integration and UI tests for the conduit workspace live in `tests/`; this library is empty.
