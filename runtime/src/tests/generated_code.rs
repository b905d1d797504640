//! The compile-time checks the derive emits: `resource_index` in `const`
//! contexts, `assert_resource`, and the hook signature checkers.

use crate::__private::{
    after_hook, assert_resource, async_after_hook, async_before_hook, before_hook, resource_index,
};

const TABLE: &[(&str, u64)] = &[
    ("Comment", 1),
    ("Post", 2),
    ("PostTag", 3),
    ("Tag", 4),
    ("User", 5),
];

#[test]
fn resource_index_finds_every_entry_at_compile_time() {
    const COMMENT: usize = resource_index(TABLE, "Comment", 1, "missing", "stale");
    const POST: usize = resource_index(TABLE, "Post", 2, "missing", "stale");
    const POST_TAG: usize = resource_index(TABLE, "PostTag", 3, "missing", "stale");
    const TAG: usize = resource_index(TABLE, "Tag", 4, "missing", "stale");
    const USER: usize = resource_index(TABLE, "User", 5, "missing", "stale");
    assert_eq!([COMMENT, POST, POST_TAG, TAG, USER], [0, 1, 2, 3, 4]);
    const ONLY: usize = resource_index(&[("A", 9)], "A", 9, "missing", "stale");
    assert_eq!(ONLY, 0);
}

#[test]
#[should_panic(expected = "`Pos` is not in the registry")]
fn a_missing_resource_panics_with_the_given_message() {
    resource_index(TABLE, "Pos", 2, "`Pos` is not in the registry", "stale");
}

#[test]
#[should_panic(expected = "missing")]
fn a_missing_resource_in_an_empty_table_panics() {
    resource_index(&[], "Post", 2, "missing", "stale");
}

#[test]
#[should_panic(expected = "`Post` changed since the build script ran")]
fn a_stale_fingerprint_panics_with_the_given_message() {
    resource_index(
        TABLE,
        "Post",
        99,
        "missing",
        "`Post` changed since the build script ran",
    );
}

#[test]
#[should_panic(expected = "missing")]
fn names_are_compared_exactly() {
    resource_index(TABLE, "post", 2, "missing", "stale");
}

struct Post {
    title: String,
}

fn trim_title(post: &mut Post) {
    post.title = post.title.trim().to_owned();
}

fn check_title(post: &mut Post) -> Result<(), String> {
    if post.title.is_empty() {
        Err("empty".into())
    } else {
        Ok(())
    }
}

fn log_title(post: &Post) -> usize {
    post.title.len()
}

async fn enrich(post: &mut Post) {
    post.title.push('!');
}

async fn notify(post: &Post) -> usize {
    post.title.len()
}

// The shape the derive emits: closures that are type-checked, never called.
const _: fn() = || {
    before_hook::<Post, _, _>(trim_title);
    before_hook::<Post, _, _>(check_title);
    after_hook::<Post, _, _>(log_title);
    async_before_hook::<Post, _, _>(enrich);
    async_after_hook::<Post, _, _>(notify);
};

#[test]
fn hook_checkers_accept_fns_async_fns_and_closures() {
    before_hook::<Post, _, _>(trim_title);
    before_hook::<Post, _, _>(|p: &mut Post| p.title.clear());
    before_hook::<Post, _, _>(|p| p.title.clear());
    after_hook::<Post, _, _>(log_title);
    after_hook::<Post, _, _>(|p: &Post| p.title.len());
    after_hook::<Post, _, _>(|_| ());
    async_before_hook::<Post, _, _>(enrich);
    async_before_hook::<Post, _, _>(|_: &mut Post| async {});
    async_after_hook::<Post, _, _>(notify);
    async_after_hook::<Post, _, _>(|p: &Post| {
        let n = p.title.len();
        async move { n }
    });
    let mut post = Post {
        title: " a ".into(),
    };
    trim_title(&mut post);
    assert_eq!(log_title(&post), 1);
    assert!(check_title(&mut post).is_ok());
}

#[test]
fn assert_resource_accepts_resources_and_unsized_types() {
    struct Dyn;
    impl crate::Resource for Dyn {
        const NAME: &'static str = "Dyn";
        fn meta() -> crate::ResourceRef<'static> {
            super::sample().resources().next().unwrap()
        }
    }
    assert_resource::<Dyn>();
    assert_eq!(<Dyn as crate::Resource>::meta().name(), "Comment");
}
