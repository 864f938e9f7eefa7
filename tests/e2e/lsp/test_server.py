"""charterlint server driven by a real LSP client (pytest-lsp, over stdio).

Run by tests/editors.rs under CHARTERLINT_E2E=1, with CHARTERLINT_BIN naming
the binary and CHARTERLINT_WORKSPACE a folder holding charterlint.toml and
okrs.toml.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BIN = os.environ["CHARTERLINT_BIN"]
WORKSPACE = pathlib.Path(os.environ["CHARTERLINT_WORKSPACE"]).resolve()
CHARTER = (WORKSPACE / "charter.toml").read_text()
URI = (WORKSPACE / "charter.toml").as_uri()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BIN, "server", "--today", "2026-11-22"]),
)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(uri=WORKSPACE.as_uri(), name="w")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


async def open_charter(client: LanguageClient, text: str):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=URI, language_id="toml", version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)


async def test_diagnostics_and_a_change(client: LanguageClient):
    await open_charter(client, CHARTER)
    codes = [d.code for d in client.diagnostics[URI]]
    assert codes == ["customer-without-choice"], codes
    d = client.diagnostics[URI][0]
    assert d.code_description.href.endswith("#customer-without-choice")
    assert d.related_information[0].message == "they cannot choose"
    assert d.range.start.line == line_of(CHARTER, 'type = "customer"')

    fixed = CHARTER.replace('type = "customer"', 'type = "partner"').replace(
        'value_exchange = "payment"', 'value_exchange = "none"'
    )
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[URI]) == []


async def test_hover_completion_and_code_action(client: LanguageClient):
    await open_charter(client, CHARTER)
    goal = line_of(CHARTER, "G-TRUST")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=goal, character=CHARTER.splitlines()[goal].index("G-TRUST") + 1),
        )
    )
    assert "Be the bank customers trust" in hover.contents.value

    rel = line_of(CHARTER, "decision =")
    items = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=types.Position(line=rel, character=len("decision = ")),
        )
    )
    labels = [i.label for i in (items.items if hasattr(items, "items") else items)]
    assert {"build", "buy", "partner", "open-source", "retire"} <= set(labels), labels

    at = line_of(CHARTER, 'type = "customer"')
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=types.Range(start=types.Position(line=at, character=1), end=types.Position(line=at, character=1)),
            context=types.CodeActionContext(diagnostics=client.diagnostics[URI]),
        )
    )
    titles = [a.title for a in actions]
    assert any(t.startswith("Waive `customer-without-choice` in this charter until 2027-02-20") for t in titles), titles
    assert "Open the documentation of `customer-without-choice`" in titles, titles
