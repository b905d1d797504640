//! `openapi` and `er`: documents generated from the registry (an OpenAPI
//! document, an entity-relationship diagram), printed exactly as the
//! library writes them.

use crate::args::{Format, Query, SpecVersion};
use crate::{Failure, format_for};
use conduit::{OpenApiOptions, OpenApiVersion, Registry};
use std::path::Path;

/// The default `info.title`: the input's file name without its extension
/// (`target/release/blog` → `blog`).
fn title(input: &Path) -> String {
    input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "API".to_owned())
}

/// The output of `openapi` and `er`; `None` for the other queries.
pub fn answer(
    registry: &Registry<'_>,
    query: &Query,
    format: Option<Format>,
    input: &Path,
) -> Result<Option<String>, Failure> {
    let mut text = match query {
        Query::Openapi {
            openapi_version,
            title: given,
        } => {
            format_for(format, &[Format::Json], "openapi")?;
            let version = match openapi_version {
                SpecVersion::V3_0 => OpenApiVersion::V3_0,
                SpecVersion::V3_1 => OpenApiVersion::V3_1,
            };
            let options = OpenApiOptions::new()
                .openapi_version(version)
                .title(given.clone().unwrap_or_else(|| title(input)));
            registry.to_openapi(&options)
        }
        Query::Er => match format_for(format, &[Format::Mermaid, Format::Dot], "er")? {
            Format::Dot => return Ok(Some(registry.to_er_dot())),
            _ => return Ok(Some(registry.to_mermaid())),
        },
        _ => return Ok(None),
    };
    text.push('\n');
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use conduit::AlignedBytes;

    fn registry(bytes: &AlignedBytes) -> Registry<'_> {
        Registry::from_bytes(bytes).unwrap()
    }

    fn openapi(version: SpecVersion) -> Query {
        Query::Openapi {
            openapi_version: version,
            title: None,
        }
    }

    #[test]
    fn openapi_is_the_library_document_titled_after_the_file() {
        let bytes = AlignedBytes::from_slice(conduit_testkit::blob());
        let r = registry(&bytes);
        let out = answer(
            &r,
            &openapi(SpecVersion::V3_0),
            None,
            Path::new("target/debug/blog"),
        )
        .unwrap()
        .unwrap();
        let options = OpenApiOptions::new()
            .openapi_version(OpenApiVersion::V3_0)
            .title("blog");
        assert_eq!(out, format!("{}\n", r.to_openapi(&options)));
    }

    #[test]
    fn er_is_mermaid_unless_dot_and_refuses_json() {
        let bytes = AlignedBytes::from_slice(conduit_testkit::blob());
        let r = registry(&bytes);
        let p = Path::new("app");
        assert_eq!(
            answer(&r, &Query::Er, None, p).unwrap(),
            Some(r.to_mermaid())
        );
        let dot = answer(&r, &Query::Er, Some(Format::Dot), p).unwrap();
        assert_eq!(dot, Some(r.to_er_dot()));
        let err = answer(&r, &Query::Er, Some(Format::Json), p).unwrap_err();
        assert_eq!(
            err.0,
            "`er` has no json output; use --format mermaid or dot"
        );
        let err = answer(&r, &openapi(SpecVersion::V3_1), Some(Format::Dot), p).unwrap_err();
        assert_eq!(err.0, "`openapi` has no dot output; use --format json");
    }

    #[test]
    fn other_queries_are_not_answered_here() {
        let bytes = AlignedBytes::from_slice(conduit_testkit::blob());
        let r = registry(&bytes);
        assert_eq!(
            answer(&r, &Query::Cycles, None, Path::new("app")).unwrap(),
            None
        );
    }

    #[test]
    fn the_command_line_takes_a_version_and_a_format() {
        use crate::args::{Cli, Command};
        use clap::Parser;
        let cli = Cli::try_parse_from([
            "conduit",
            "introspect",
            "app",
            "openapi",
            "--openapi-version",
            "3.0",
        ])
        .unwrap();
        let Command::Introspect { query, .. } = cli.command else {
            panic!("not introspect");
        };
        assert!(matches!(
            query,
            Query::Openapi {
                openapi_version: SpecVersion::V3_0,
                title: None
            }
        ));
        let cli =
            Cli::try_parse_from(["conduit", "introspect", "app", "er", "--format", "mermaid"])
                .unwrap();
        assert_eq!(cli.format, Some(Format::Mermaid));
        assert!(
            Cli::try_parse_from([
                "conduit",
                "introspect",
                "app",
                "openapi",
                "--openapi-version",
                "2.0"
            ])
            .is_err()
        );
    }

    #[test]
    fn the_title_is_the_file_stem() {
        assert_eq!(title(Path::new("target/release/blog")), "blog");
        assert_eq!(title(Path::new("app.exe")), "app");
        assert_eq!(title(Path::new("/")), "API");
    }
}
