"""The readable per-document report of ``tacitus code``: metadata, sentences with their actors,
events and quotes. Terminal-only presentation; the JSONL output carries the same facts."""

from __future__ import annotations

from collections import defaultdict
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from tacitus.document import Document

STATUS_STYLE = {"asserted": "green", "planned": "cyan", "hypothetical": "yellow", "negated": "red"}

# C0 and C1 control characters (but tab and newline) and DEL: an article or a file name could
# otherwise send escape sequences to the terminal (clear it, retitle it, write the clipboard).
# Each becomes U+FFFD, one character for one, so offsets into the text still line up.
_CONTROLS = {c: "\ufffd" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]}


def printable(text: object) -> str:
    """Untrusted text made safe for a terminal: control characters replaced (see above)."""
    return str(text).translate(_CONTROLS)


def plain(text: object) -> str:
    """Untrusted text for a place that reads rich markup: printable, with ``[`` escaped."""
    return escape(printable(text))


def render_document(doc: Document, out: IO[str]) -> None:
    console = Console(file=out, width=max(100, Console().width), highlight=False, soft_wrap=False)
    console.rule(Text(printable(doc.title or doc.origin or doc.doc_id), style="bold"))
    meta = [
        ("doc_id", doc.doc_id), ("origin", doc.origin), ("byline", doc.byline), ("outlet", doc.outlet),
        ("url", doc.url), ("date", doc.date.isoformat() if doc.date else None), ("sentences", len(doc.sentences)),
        ("not coded", doc.skipped),
    ]
    for key, value in meta:
        if value not in (None, ""):
            console.print(f"[bold]{key}:[/bold] {plain(value)}")
    console.print()

    by_sentence: dict[int, list[str]] = defaultdict(list)
    for m in doc.mentions:
        if m.code:
            label = f"{m.text}={m.code}"
            if label not in by_sentence[m.sentence_index]:
                by_sentence[m.sentence_index].append(label)
    for s in doc.sentences:
        console.print(Text(printable(s.text)))
        if by_sentence.get(s.index):
            console.print(Text(printable("    actors: " + ", ".join(by_sentence[s.index])), style="dim"))
    console.print()

    if doc.events:
        table = Table(title=f"{len(doc.events)} events", show_lines=False, expand=True)
        for col in ("#", "source", "event", "target", "status", "date", "attribution", "trigger"):
            table.add_column(col, overflow="fold")
        for e in doc.events:
            table.add_row(
                str(e.sentence_index),
                f"{plain(e.source.code or '') if e.source else ''}\n[dim]{plain(e.source.text) if e.source else ''}[/dim]",
                f"{e.plover} {e.cameo}\n[dim]{e.mode or ''} {e.context or ''}[/dim]",
                f"{plain(e.target.code or '') if e.target else ''}\n[dim]{plain(e.target.text) if e.target else ''}[/dim]",
                f"[{STATUS_STYLE.get(e.status, '')}]{e.status}[/]",
                f"{plain(e.date or '')}\n[dim]{plain(e.date_text or '')}[/dim]",
                Text(printable(e.attribution or "")),
                Text(printable(e.trigger.text)),
            )
        console.print(table)
    else:
        console.print("[dim]no events[/dim]")
    for q in doc.quotes:
        who = f"{q.speaker.text} ({q.speaker.code})" if q.speaker else "unknown speaker"
        console.print(Text(printable(f"  quote, {who}: "), style="bold") + Text(printable(q.text)))
    console.print()
