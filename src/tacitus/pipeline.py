"""The pipeline: read -> clean -> parse -> resolve actors -> code events.

``Pipeline(settings).process(documents)`` takes documents from a reader and yields them coded.
The spaCy model is loaded once and documents are parsed in batches with ``nlp.pipe``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from tacitus.config import Settings
from tacitus.document import Document, Sentence, content_hash
from tacitus.limits import (
    DocumentTimeout,
    check_deadline,
    clean_within_limits,
    time_limit,
    timed_out_message,
    too_long_message,
)


class Pipeline:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        nlp: Any = None,
        knowledge: Any = None,
        lexicon: Any = None,
        memory: Any = None,
    ) -> None:
        from tacitus.actors.knowledge import default_knowledge
        from tacitus.actors.resolver import ActorResolver
        from tacitus.events.extract import EventCoder
        from tacitus.events.lexicon import default_lexicon
        from tacitus.nlp.model import load_model

        self.settings = settings or Settings()
        self.nlp = nlp if nlp is not None else load_model(self.settings.model)
        if knowledge is None and self.settings.actor_files:
            from tacitus.actors.knowledge import Knowledge

            knowledge = Knowledge.load(extra=self.settings.actor_files)
        self.knowledge = knowledge if knowledge is not None else default_knowledge()
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        # Event coders run in order; a lexicon profile (``--lexicon petrarch:DIR``) may replace
        # Tacitus's own coder or add one, and may extend the actor knowledge.
        coders: list[Any] = [EventCoder(self.lexicon, self.knowledge)]
        if self.settings.lexicon and self.settings.lexicon != "tacitus":
            from tacitus.petrarch.profile import build_profile

            self.knowledge, coders = build_profile(self.settings.lexicon, self.knowledge, coders)
        self.resolver = ActorResolver(self.knowledge, memory=memory)
        self.coders = coders

    def process(self, documents: Iterable[Document], clean: bool = True) -> Iterator[Document]:
        """Code documents, batch by batch, in the order given.

        Each document is held to the per-document limits (:mod:`tacitus.limits`): one over
        ``Settings.max_chars`` is skipped unparsed, one whose parse and coding take longer than
        ``Settings.doc_timeout`` seconds is skipped with that reason, and the others are coded.
        """
        it = iter(documents)
        while batch := list(islice(it, self.settings.batch_size)):
            if clean:
                batch = [clean_within_limits(d, self.settings.max_chars) for d in batch]
            for d in batch:
                self.screen(d)
            wanted = [d.skipped is None for d in batch]
            coded = self.code_screened([d for d, w in zip(batch, wanted, strict=True) if w])
            for doc, w in zip(batch, wanted, strict=True):
                if w:
                    _, error = next(coded)
                    if error is not None:
                        raise error
                yield doc

    def code_screened(self, docs: list[Document]) -> Iterator[tuple[Document, Exception | None]]:
        """Parse and annotate screened documents, each within ``Settings.doc_timeout``; yields
        ``(document, None)`` or ``(document, the exception that stopped it)``, in order.

        The batch is parsed together (``nlp.pipe``) under one document's time limit; if that
        runs over, or one text breaks the batched parse, the documents are parsed one at a time,
        each under its own limit, so that only the slow or broken one is singled out. Each
        document's coding has its own limit too. A document that runs over is skipped
        (``Document.skipped``, nothing of its partial coding kept), not an error.
        """
        timeout = self.settings.doc_timeout
        parsed: list[Any] | None = None
        if len(docs) > 1:
            limit = time_limit(timeout)
            try:
                with limit:
                    parsed = list(self.nlp.pipe((d.text for d in docs), batch_size=len(docs)))
            except Exception:  # DocumentTimeout included: parse one by one below
                limit.cancel()
                parsed = None
        for i, doc in enumerate(docs):
            limit = time_limit(timeout)
            try:
                with limit:
                    self.annotate(doc, parsed[i] if parsed is not None else self.nlp(doc.text))
            except DocumentTimeout as exc:
                limit.cancel()
                self._timed_out(doc, exc)
                yield doc, None
            except Exception as exc:
                yield doc, exc
            else:
                yield doc, None
            finally:
                if parsed is not None:
                    parsed[i] = None  # the parse is large: keep no more than the one in use

    def _timed_out(self, doc: Document, exc: DocumentTimeout) -> None:
        doc.skipped = timed_out_message(exc.seconds)
        doc.spacy_doc = None
        doc.sentences, doc.mentions, doc.actors, doc.events, doc.quotes = [], [], {}, [], []

    def screen(self, doc: Document) -> None:
        """Skip, with a reason, what the English pipeline would only mis-code."""
        from tacitus.ingest.language import detect_language

        if not doc.text.strip():
            doc.skipped = "empty after cleaning"
        elif len(doc.text) > self.settings.max_chars:
            doc.skipped = too_long_message(len(doc.text), self.settings.max_chars)
        else:
            lang = detect_language(doc.text)
            if lang not in {"en", "und"}:
                doc.skipped = f"not English ({lang}): Tacitus codes English text only"

    def annotate(self, doc: Document, sdoc: Any) -> Document:
        """Run the components after the parse on one document."""
        # Between stages, a document over its time limit stops (only where the limit is kept by
        # a watchdog thread, as on a Dask worker: tacitus.limits.check_deadline).
        check_deadline()
        doc.spacy_doc = sdoc
        # Sentence text without the paragraph break the tokenizer leaves at its end.
        doc.sentences = [
            Sentence(i, s.start_char, s.start_char + len(s.text.rstrip()), s.text.rstrip())
            for i, s in enumerate(sdoc.sents)
        ]
        self.resolver(doc)
        check_deadline()
        self._byline_people(doc)
        check_deadline()
        events: list[Any] = []
        for coder in self.coders:
            coder(doc)
            check_deadline()
            events.extend(doc.events)
        if len(self.coders) > 1:
            from tacitus.events.extract import merge_repeats

            doc.events = merge_repeats(events)
        return doc

    def _byline_people(self, doc: Document) -> None:
        """A byline bio ("X is The Times of Israel's diplomatic reporter") is cut from the prose,
        but it says who the author is: resolve it on its own and keep the person it names."""
        for cut in doc.removed:
            if cut.get("reason") != "byline" or len(cut.get("text", "").split()) < 4:
                continue
            mini = Document(doc_id=doc.doc_id, original=cut["text"], date=doc.date)
            self.resolver(self._with_parse(mini))
            for actor in mini.actors.values():
                if actor.kind == "person" and actor.code and actor.id not in doc.actors:
                    actor.evidence = actor.evidence or [cut["text"]]
                    doc.actors[actor.id] = actor

    def _with_parse(self, doc: Document) -> Document:
        doc.spacy_doc = self.nlp(doc.text)
        return doc

    def code_text(
        self, text: str, date: dt.date | str | None = None, doc_id: str | None = None, **meta: Any
    ) -> Document:
        """Code one text: the simplest entry point of the Python API."""
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        doc = Document(doc_id=doc_id or content_hash(text), original=text, date=date, **meta)
        return next(self.process([doc]))
