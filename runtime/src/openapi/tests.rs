//! The OpenAPI document of the sample registry, part by part.

use super::{OpenApiOptions, OpenApiVersion};
use crate::tests::sample;
use serde_json::{Value, json};

fn doc(options: &OpenApiOptions) -> Value {
    serde_json::from_str(&sample().to_openapi(options)).unwrap()
}

fn v31() -> Value {
    doc(&OpenApiOptions::new())
}

fn v30() -> Value {
    doc(&OpenApiOptions::new().openapi_version(OpenApiVersion::V3_0))
}

#[test]
fn two_calls_give_the_same_bytes() {
    let options = OpenApiOptions::new().title("Sample");
    assert_eq!(sample().to_openapi(&options), sample().to_openapi(&options));
}

#[test]
fn info_comes_from_the_options_then_the_registry() {
    let d = v31();
    assert_eq!(d["openapi"], "3.1.0");
    assert_eq!(d["info"], json!({ "title": "API", "version": "1.0.0" }));
    let d = doc(&OpenApiOptions::new()
        .title("T")
        .version("9")
        .description("D"));
    assert_eq!(
        d["info"],
        json!({ "title": "T", "description": "D", "version": "9" })
    );
    assert!(d.get("servers").is_none());
    assert_eq!(v30()["openapi"], "3.0.3");
}

#[test]
fn every_route_is_one_operation_with_a_unique_id() {
    let d = v31();
    let mut ids = Vec::new();
    for item in d["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            ids.push(op["operationId"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(ids.len(), sample().routes().len());
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

#[test]
fn paths_use_braces_and_are_sorted() {
    let d = v31();
    let paths: Vec<&String> = d["paths"].as_object().unwrap().keys().collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.iter().all(|p| !p.contains(':')), "{paths:?}");
    assert!(d["paths"]["/posts/{id}"].is_object());
}

#[test]
fn path_parameters_are_typed_from_the_key_they_address() {
    let d = v31();
    let nested = &d["paths"]["/posts/{post_id}/comments"]["get"];
    assert_eq!(nested["operationId"], "commentListByPost");
    let p = &nested["parameters"][0];
    assert_eq!(p["name"], "post_id");
    assert_eq!(p["in"], "path");
    assert_eq!(p["required"], true);
    assert_eq!(p["schema"], json!({ "type": "string", "format": "uuid" }));
    assert_eq!(p["description"], "The Post's `id`");
    assert!(nested["responses"]["404"].is_object());
    assert!(
        d["paths"]["/comments"]["get"]["responses"]
            .get("404")
            .is_none()
    );
}

#[test]
fn create_and_update_take_the_input_schema() {
    let d = v31();
    let create = &d["paths"]["/posts"]["post"];
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PostInput"
    );
    assert_eq!(
        create["responses"]["201"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Post"
    );
    let input = &d["components"]["schemas"]["PostInput"];
    let props: Vec<&String> = input["properties"].as_object().unwrap().keys().collect();
    assert_eq!(props, ["title", "slug", "published", "subtitle"]);
    // Defaulted and nullable fields may be left out of a request.
    assert_eq!(input["required"], json!(["title", "slug"]));
}

#[test]
fn list_returns_an_array_and_delete_no_content() {
    let d = v31();
    let list = &d["paths"]["/posts"]["get"]["responses"]["200"]["content"]["application/json"];
    assert_eq!(list["schema"]["type"], "array");
    assert_eq!(list["schema"]["items"]["$ref"], "#/components/schemas/Post");
    let delete = &d["paths"]["/posts/{id}"]["delete"]["responses"];
    assert!(delete["204"].get("content").is_none());
    assert!(delete["404"].is_object());
}

#[test]
fn auth_middleware_means_a_bearer_requirement() {
    let d = v31();
    let create = &d["paths"]["/posts"]["post"];
    assert_eq!(create["security"], json!([{ "bearerAuth": [] }]));
    assert!(d["paths"]["/posts"]["get"].get("security").is_none());
    assert_eq!(
        d["components"]["securitySchemes"]["bearerAuth"],
        json!({ "type": "http", "scheme": "bearer" })
    );
    let optional = doc(&OpenApiOptions::new().optional_auth_middleware(["auth"]));
    assert_eq!(
        optional["paths"]["/posts"]["post"]["security"],
        json!([{ "bearerAuth": [] }, {}])
    );
    let none = doc(&OpenApiOptions::new().auth_middleware(Vec::<String>::new()));
    assert!(none["components"].get("securitySchemes").is_none());
}

#[test]
fn auth_names_match_with_or_without_arguments() {
    use super::Auth;
    let o = OpenApiOptions::new();
    assert_eq!(o.auth(["log", "auth"]), Auth::Required);
    assert_eq!(o.auth(["auth(admin)"]), Auth::Required);
    assert_eq!(o.auth(["auth(optional)"]), Auth::Optional);
    assert_eq!(o.auth(["auth(optional)", "auth"]), Auth::Required);
    assert_eq!(o.auth(["authorize", "oauth"]), Auth::None);
}

#[test]
fn nullability_is_spelled_per_version() {
    let subtitle = |d: &Value| d["components"]["schemas"]["Post"]["properties"]["subtitle"].clone();
    assert_eq!(subtitle(&v31()), json!({ "type": ["string", "null"] }));
    assert_eq!(
        subtitle(&v30()),
        json!({ "type": "string", "nullable": true })
    );
}

#[test]
fn fields_carry_format_bounds_defaults_and_docs() {
    let d = v31();
    let post = &d["components"]["schemas"]["Post"];
    let p = &post["properties"];
    assert_eq!(
        p["title"],
        json!({ "type": "string", "description": "Shown in listings.", "minLength": 5, "maxLength": 200 })
    );
    assert_eq!(
        p["published"],
        json!({ "type": "boolean", "default": false })
    );
    assert_eq!(
        p["updated_at"],
        json!({ "type": "string", "format": "date-time", "readOnly": true })
    );
    assert_eq!(p["id"]["readOnly"], true);
    assert_eq!(post["description"], "A blog post.");
    assert_eq!(
        post["required"],
        json!(["id", "title", "slug", "published", "updated_at"])
    );
}

#[test]
fn relationships_are_an_extension() {
    let d = v31();
    let rels = &d["components"]["schemas"]["Post"]["x-conduit-relationships"];
    assert_eq!(
        rels[0],
        json!({
            "name": "author", "kind": "belongs_to", "target": "User",
            "schema": "#/components/schemas/User", "foreign_key": "author_id",
            "on_delete": "restrict", "on_update": "cascade",
        })
    );
    assert_eq!(rels[2]["kind"], "has_many_through");
    assert_eq!(rels[2]["through"], "post_likes");
}

#[test]
fn rust_widths_choose_int32_or_int64() {
    use super::schema::tests_support::shape_of;
    assert_eq!(
        shape_of("int", "i32"),
        json!({ "type": "integer", "format": "int32" })
    );
    assert_eq!(
        shape_of("int", "Option<u64>"),
        json!({ "type": "integer", "format": "int64", "minimum": 0 })
    );
    assert_eq!(
        shape_of("int", "u8"),
        json!({ "type": "integer", "format": "int32", "minimum": 0, "maximum": 255 })
    );
    assert_eq!(
        shape_of("float", "f32"),
        json!({ "type": "number", "format": "float" })
    );
    assert_eq!(
        shape_of("float", "f64"),
        json!({ "type": "number", "format": "double" })
    );
    assert_eq!(
        shape_of("date", "NaiveDate"),
        json!({ "type": "string", "format": "date" })
    );
    assert_eq!(
        shape_of("array<uuid>", "Vec<Uuid>"),
        json!({ "type": "array", "items": { "type": "string", "format": "uuid" } })
    );
    assert_eq!(shape_of("json", "serde_json::Value"), json!({}));
}

#[test]
fn defaults_parse_as_their_type_or_stay_text() {
    use super::schema::tests_support::default_of;
    assert_eq!(
        default_of("string", r##""#888888""##),
        Some(json!("#888888"))
    );
    assert_eq!(default_of("string", r#""a\"b""#), Some(json!("a\"b")));
    assert_eq!(default_of("string", r###"r#"x"#"###), Some(json!("x")));
    assert_eq!(default_of("int", "1_000"), Some(json!(1000)));
    assert_eq!(default_of("int", "-3"), Some(json!(-3)));
    assert_eq!(default_of("float", "0.5"), Some(json!(0.5)));
    assert_eq!(default_of("bool", "true"), Some(json!(true)));
    assert_eq!(default_of("int", "Default::default()"), None);
    assert_eq!(default_of("string", "unquoted"), None);
}

#[test]
fn versions_parse_and_print() {
    for v in OpenApiVersion::ALL {
        assert_eq!(v.as_str().parse::<OpenApiVersion>().unwrap(), *v);
        assert_eq!(v.to_string(), v.as_str());
    }
    assert_eq!("3.1".parse(), Ok(OpenApiVersion::V3_1));
    assert!("3".parse::<OpenApiVersion>().is_err());
}
