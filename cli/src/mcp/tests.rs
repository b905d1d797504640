//! The server in process, driven by rmcp's own client over an in-memory
//! pipe (the Python SDK drives the real binary in `tests/mcp.rs`).

use super::Server;
use rmcp::ServiceExt;
use rmcp::model::CallToolRequestParams;
use serde_json::{Value, json};

async fn client() -> rmcp::service::RunningService<rmcp::RoleClient, ()> {
    let (server_side, client_side) = tokio::io::duplex(1 << 16);
    let server = Server::new(&conduit_testkit::REGISTRY, "the testkit sample".into());
    tokio::spawn(async move {
        if let Ok(running) = server.serve(server_side).await {
            let _ = running.waiting().await;
        }
    });
    ().serve(client_side).await.expect("the client initializes")
}

fn call(name: &'static str, args: Value) -> CallToolRequestParams {
    let Value::Object(map) = args else {
        panic!("arguments are an object")
    };
    CallToolRequestParams::new(name).with_arguments(map)
}

#[tokio::test]
async fn six_read_only_tools_with_output_schemas() {
    let client = client().await;
    let tools = client.list_all_tools().await.unwrap();
    let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "dependencies",
            "export",
            "overview",
            "patterns",
            "resource",
            "routes"
        ]
    );
    for t in &tools {
        assert!(t.output_schema.is_some(), "{} has no output schema", t.name);
        assert!(
            t.description.as_ref().is_some_and(|d| d.len() < 120),
            "{}",
            t.name
        );
        assert_eq!(
            t.annotations.as_ref().and_then(|a| a.read_only_hint),
            Some(true)
        );
    }
    let _ = client.cancel().await;
}

#[tokio::test]
async fn answers_are_structured_and_unknown_names_are_tool_errors() {
    let client = client().await;
    let r = client
        .call_tool(call("resource", json!({"name": "Post"})))
        .await
        .unwrap();
    assert_ne!(r.is_error, Some(true));
    let v = r.structured_content.unwrap();
    assert_eq!(v["name"], "Post");

    let r = client
        .call_tool(call(
            "routes",
            json!({"path": "/posts/42", "method": "get"}),
        ))
        .await
        .unwrap();
    let v = r.structured_content.unwrap();
    assert_eq!(v["items"][0]["handler"], "Post.show");
    assert_eq!(v["items"][0]["matched"]["id"], "42");

    let r = client
        .call_tool(call("resource", json!({"name": "Pots"})))
        .await
        .unwrap();
    assert_eq!(r.is_error, Some(true));
    let text = r.content[0].as_text().unwrap().text.clone();
    assert_eq!(text, "unknown resource `Pots`; did you mean `Post`?");

    let r = client
        .call_tool(call("export", json!({"format": "yaml"})))
        .await
        .unwrap();
    assert_eq!(r.is_error, Some(true));
    let _ = client.cancel().await;
}
