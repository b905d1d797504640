//! The entity-relationship diagram of the sample registry.

use crate::tests::sample;

#[test]
fn mermaid_lists_every_resource_with_typed_keyed_rows() {
    let er = sample().to_mermaid();
    for name in ["Comment", "Post", "User"] {
        assert!(er.contains(&format!("    {name} {{\n")), "{er}");
    }
    assert!(er.contains("        uuid id PK\n"), "{er}");
    assert!(er.contains("        uuid post_id FK\n"), "{er}");
    assert!(er.contains("        string slug UK\n"), "{er}");
    assert!(
        er.contains("        string title \"Shown in listings.\"\n"),
        "{er}"
    );
    assert!(
        er.contains("        string subtitle \"nullable\"\n"),
        "{er}"
    );
    assert!(er.contains("    %% Post: A blog post.\n"), "{er}");
}

#[test]
fn both_sides_of_a_relationship_give_one_line() {
    let er = sample().to_mermaid();
    // Post has_many Comment and Comment belongs_to Post, by `post_id`.
    assert_eq!(
        er.matches("Post ||--o{ Comment : \"post_id\"").count(),
        1,
        "{er}"
    );
    assert!(
        er.contains("    User ||--o{ Post : \"author_id\"\n"),
        "{er}"
    );
}

#[test]
fn through_tables_become_entities_with_two_foreign_keys() {
    let er = sample().to_mermaid();
    assert!(
        er.contains("    post_likes {\n        uuid post_id FK\n        uuid user_id FK\n    }\n"),
        "{er}"
    );
    assert!(
        er.contains("    Post ||--o{ post_likes : \"post_id\"\n"),
        "{er}"
    );
    assert!(
        er.contains("    User ||--o{ post_likes : \"user_id\"\n"),
        "{er}"
    );
}

#[test]
fn mermaid_and_dot_are_deterministic() {
    assert_eq!(sample().to_mermaid(), sample().to_mermaid());
    assert_eq!(sample().to_er_dot(), sample().to_er_dot());
}

#[test]
fn dot_has_a_table_per_entity_and_crows_feet() {
    let dot = sample().to_er_dot();
    assert!(
        dot.starts_with("digraph er {\n") && dot.ends_with("}\n"),
        "{dot}"
    );
    for name in ["Comment", "Post", "User", "post_likes"] {
        assert!(
            dot.contains(&format!("  \"{name}\" [label=<<table")),
            "{dot}"
        );
    }
    assert!(
        dot.contains(
            "  \"Post\" -> \"Comment\" [label=\"post_id\", arrowtail=teetee, arrowhead=crowodot];"
        ),
        "{dot}"
    );
}

#[test]
fn types_and_names_are_made_mermaid_safe() {
    assert_eq!(super::mermaid::tests_support::ty("array<uuid>"), "uuid[]");
    assert_eq!(
        super::mermaid::tests_support::ty("crate::money::Money"),
        "Money"
    );
    assert_eq!(super::mermaid::tests_support::ty("(u8, u8)"), "t_u8__u8_");
    assert_eq!(super::snake_case("BlogPost"), "blog_post");
    assert_eq!(
        super::comment("Line one.\nLine two.", true),
        "Line one. (nullable)"
    );
}
