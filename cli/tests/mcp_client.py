"""Drives `conduit mcp BLOG` with the official MCP Python SDK (`pip install mcp`).

Usage: python3 mcp_client.py CONDUIT BLOG

Initializes, lists the tools, calls every tool and checks the answers for the
blog example; then, over a raw pipe, sends malformed requests and a line that
is no JSON and checks the server still answers. Exits 0 when every check
passed, 1 otherwise (each failed check printed), 2 without the SDK.
"""

import asyncio
import json
import subprocess
import sys

try:
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client
    from mcp import MCPError
except ImportError as e:  # the Rust test decides whether that is a skip
    print(f"mcp SDK missing: {e}", file=sys.stderr)
    sys.exit(2)

FAILED = []
PASSED = []


def check(what, ok, detail=""):
    (PASSED if ok else FAILED).append(what)
    if not ok:
        print(f"FAILED: {what} {detail}", file=sys.stderr)


async def with_sdk(conduit, blog):
    params = StdioServerParameters(command=conduit, args=["mcp", blog])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check("server name", init.server_info.name == "conduit", init.server_info)
            check("instructions", "overview" in (init.instructions or ""))

            tools = (await session.list_tools()).tools
            names = sorted(t.name for t in tools)
            check("six tools", names == ["dependencies", "export", "overview", "patterns", "resource", "routes"], names)
            for t in tools:
                check(f"{t.name} has an output schema", t.output_schema is not None)
                check(f"{t.name} is read-only", t.annotations is not None and t.annotations.read_only_hint is True)
                check(f"{t.name} has a short description", 0 < len(t.description or "") <= 120)

            async def call(name, args=None):
                r = await session.call_tool(name, args or {})
                return r

            r = await call("overview")
            o = r.structured_content
            check("overview", not r.is_error and o["resources"]["total"] == 4, o)
            check("overview one line each", [x["name"] for x in o["resources"]["items"]] == ["Comment", "Post", "Tag", "User"])
            check("overview is small", len(json.dumps(o)) < 8000, len(json.dumps(o)))

            r = await call("resource", {"name": "Post"})
            post = r.structured_content
            fields = [f["name"] for f in post["fields"]]
            check("Post has its 8 fields", len(fields) == 8 and "title" in fields, fields)
            check("hooks have locations", all(h["declared_at"] for h in post["hooks"]))
            check("no hook source without detail", all("source" not in h for h in post["hooks"]))
            r = await call("resource", {"name": "Post", "detail": True})
            check("detail adds hook sources", any("fn " in h.get("source", "") for h in r.structured_content["hooks"]))

            r = await call("routes", {"path": "/posts/42"})
            items = r.structured_content["items"]
            show = [i for i in items if i["handler"] == "Post.show"]
            check("/posts/42 hits Post.show with id 42", len(show) == 1 and show[0]["matched"] == {"id": "42"}, items)
            r = await call("routes", {"method": "post", "middleware": "auth"})
            items = r.structured_content["items"]
            check("routes filtered", items and all(i["method"] == "POST" and "auth" in i["middleware"] for i in items), items)

            r = await call("dependencies", {"name": "Comment", "depth": 1, "kinds": ["belongs_to"]})
            nodes = [n["id"] for n in r.structured_content["nodes"]["items"]]
            check("Comment belongs to Post and User", nodes[0] == "Comment" and {"Post", "User"} <= set(nodes), nodes)
            r = await call("dependencies", {"name": "User", "reverse": True, "depth": 1})
            check("reverse dependencies", r.structured_content["reverse"] is True and len(r.structured_content["nodes"]["items"]) > 1)

            r = await call("patterns", {"category": "authentication"})
            pats = r.structured_content["patterns"]["items"]
            check("patterns by category", pats and all(p["category"] == "authentication" for p in pats), pats)
            check("cycles with patterns", r.structured_content["cycles"]["cycles"]["total"] >= 1)

            r = await call("export")
            check("export is the registry", r.structured_content["content"]["resources"][0]["name"] == "Comment")
            r = await call("export", {"format": "openapi"})
            check("export openapi", r.structured_content["content"]["openapi"] == "3.1.0")
            r = await call("export", {"format": "sql-postgres"})
            check("export sql", 'CREATE TABLE "posts"' in r.structured_content["content"])

            # Unknown names: tool errors with a suggestion.
            r = await call("resource", {"name": "Pots"})
            text = r.content[0].text if r.content else ""
            check("unknown resource suggests", r.is_error and "did you mean `Post`?" in text, text)
            r = await call("routes", {"method": "GETT"})
            check("unknown method suggests", r.is_error and "did you mean `GET`?" in r.content[0].text)
            r = await call("patterns", {"category": "cachng"})
            check("unknown category suggests", r.is_error and "caching" in r.content[0].text)
            r = await call("dependencies", {"name": "Usr"})
            check("unknown start suggests", r.is_error and "User" in r.content[0].text)
            r = await call("export", {"format": "yaml"})
            check("unknown format", r.is_error and "json" in r.content[0].text)

            # Bad arguments: a tool error or a JSON-RPC error, never a crash.
            try:
                r = await call("resource", {"nam": "Post"})
                check("bad arguments are an error", r.is_error)
            except MCPError as e:
                check("bad arguments are an error", e.error.code == -32602, e.error)

            # An unknown tool: a JSON-RPC error (or an error result).
            try:
                r = await call("drop_tables")
                check("unknown tool is an error", r.is_error)
            except MCPError as e:
                check("unknown tool is an error", "not found" in e.error.message, e.error)

            # Still serving after all that.
            r = await call("overview")
            check("still serving", not r.is_error)


def raw(conduit, blog):
    """Malformed input straight on the pipe."""
    p = subprocess.Popen([conduit, "mcp", blog], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def send(obj):
        p.stdin.write((obj if isinstance(obj, str) else json.dumps(obj)) + "\n")
        p.stdin.flush()

    def recv():
        return json.loads(p.stdout.readline())

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "0"}}})
        check("raw initialize", recv().get("result", {}).get("serverInfo", {}).get("name") == "conduit")
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": "not an object"})
        r = recv()
        check("malformed request gets a JSON-RPC error", r.get("error", {}).get("code") == -32600, r)
        send("{this is not json")  # rmcp skips such lines; the server must go on
        send({"jsonrpc": "2.0", "id": 3, "method": "no/such/method"})
        r = recv()
        check("unknown method gets a JSON-RPC error", r.get("id") == 3 and r.get("error", {}).get("code") == -32601, r)
        send({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "resource", "arguments": {"name": "Tag"}}})
        r = recv()
        check("serving after malformed input", r.get("id") == 4 and r["result"]["structuredContent"]["name"] == "Tag", r)
    finally:
        p.stdin.close()
        try:
            code = p.wait(timeout=10)
            check("exits cleanly when stdin closes", code == 0, code)
        except subprocess.TimeoutExpired:
            p.kill()
            check("exits when stdin closes", False)


def main():
    conduit, blog = sys.argv[1], sys.argv[2]
    asyncio.run(asyncio.wait_for(with_sdk(conduit, blog), timeout=60))
    raw(conduit, blog)
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
