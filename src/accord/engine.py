"""Where per-document work runs: in this process, in a pool of processes, or as Dask tasks.

Every engine maps batches of articles to their extractions with the same plain
function, `extract_batch`, and yields each batch with its results in input order,
so the store sees the same writes whatever runs them. Cross-document work is not done here:
it runs once, when the store is read.
"""
from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import lru_cache
from typing import Any, Iterable, Iterator, Protocol

from spacy.language import Language

from . import detect, lexicon
from .extract.document import extract
from .nlp.pipeline import load
from .records import Article, Extraction, Skip
from .settings import Settings


def _capped(article: Article, nlp: Language, max_tokens: int) -> Article:
    """The article cut after `max_tokens` tokens (at the last sentence end before the cut when there is one),
    with a note: the parser's time grows with the text, and one runaway page must not hold the run."""
    if max_tokens <= 0 or len(article.body) < max_tokens:  # a token has at least one character
        return article
    tokens = nlp.tokenizer(article.body)
    if len(tokens) <= max_tokens:
        return article
    cut = tokens[max_tokens].idx
    stop = max(article.body.rfind(end, 0, cut) for end in (". ", ".\n", "? ", "! "))
    cut = stop + 1 if stop > cut // 2 else cut
    note = f"truncated: only the first {max_tokens:,} of {len(tokens):,} tokens were read (ACCORD_MAX_TOKENS)"
    return replace(article, body=article.body[:cut].rstrip(), note="; ".join(filter(None, [article.note, note])))


def extract_batch(articles: list[Article], model: str, lexicon_dir: str, batch_size: int,
                  detector_path: str = "", max_tokens: int = 0) -> list[Extraction]:
    """Parse a batch with nlp.pipe and extract each article; the models load once per process."""
    nlp = load(model)
    lex = lexicon.load(lexicon_dir)
    detector = None if detector_path == "none" else detect.load(detector_path or None)
    articles = [_capped(a, nlp, max_tokens) for a in articles]
    docs = nlp.pipe([a.body for a in articles], batch_size=batch_size)
    out = []
    for article, doc in zip(articles, docs):
        captions = list(nlp.pipe(article.captions)) if article.captions else []
        out.append(extract(article, doc, captions, nlp, lex, detector))
    return out


_WARM_UP = Article(id="warm-up", source="warm-up", body="Greek Defence Minister Nikos Dendias met his Egyptian counterpart "
                   "in Athens on Monday. The two navies will hold a joint exercise.", published="2023-05-04")


@lru_cache(maxsize=4)
def _load_models(model: str, lexicon_dir: str, detector_path: str) -> None:
    """Load the models and parse one small article, so that everything loaded lazily on first use is in place:
    workers forked after this start warm, and no document's time budget pays for a load."""
    extract_batch([_WARM_UP], model, lexicon_dir, 1, detector_path)


def _worker_start(model: str, lexicon_dir: str, detector_path: str) -> None:
    """In each worker: end with the parent, however it ends (a SIGKILLed parent cannot stop its workers), and
    have the models loaded before the first document's time budget starts."""
    parent = os.getppid()
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the kernel kills us when the parent dies
    except (OSError, AttributeError):
        pass

    def watch_parent() -> None:  # where prctl is missing; and in case the parent died before the call above
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)
    threading.Thread(target=watch_parent, daemon=True).start()
    _load_models(model, lexicon_dir, detector_path)


def _ready() -> bool:
    return True


Result = Extraction | Skip
SECONDS_EACH = 5.0
"""Time allowed per document of a batch besides its slowest: an article of usual length parses in well under
a second here (bench/RESULTS.md), one at the token cap in about a minute on a loaded machine."""


class Engine(Protocol):
    def map(self, batches: Iterable[list[Article]]) -> Iterator[tuple[list[Article], list[Result]]]: ...

    def close(self) -> None: ...


class Watched:
    """Worker processes with a time budget per document: the watchdog of the run.

    Batches go to `jobs` worker processes, at most 2 x jobs in flight so memory stays flat. A batch that
    overruns its budget (ACCORD_DOC_SECONDS for its slowest document, SECONDS_EACH for each other one) has
    its workers killed; its documents are then run one at a time, each with its own budget, and the one that
    overruns again is skipped with a reason while the others are stored. Workers end with their parent.
    """

    def __init__(self, settings: Settings, jobs: int):
        self.jobs, self.seconds = jobs, settings.doc_seconds
        self.args = (settings.model, settings.lexicon_dir, settings.batch_size, settings.detector, settings.max_tokens)
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        model, lexicon_dir, _, detector, _ = self.args
        _load_models(model, lexicon_dir, detector)  # once here: forked workers share them, and a restart is quick
        pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_start, initargs=(model, lexicon_dir, detector))
        for ready in [pool.submit(_ready) for _ in range(self.jobs)]:
            ready.result()  # the models are loaded: from here on, time is the documents'
        return pool

    def _stop(self) -> None:
        for process in list((getattr(self.pool, "_processes", None) or {}).values()):
            process.kill()  # a worker stuck in one document never returns to take a shutdown request
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _restart(self) -> None:
        self._stop()
        self.pool = self._start()

    def _budget(self, batch: list[Article]) -> float:
        return self.seconds + SECONDS_EACH * (len(batch) - 1)

    def map(self, batches: Iterable[list[Article]]) -> Iterator[tuple[list[Article], list[Result]]]:
        pending: deque[tuple[list[Article], Future[list[Extraction]]]] = deque()
        for batch in batches:
            pending.append((batch, self.pool.submit(extract_batch, batch, *self.args)))
            if len(pending) >= 2 * self.jobs:
                yield self._settle(pending)
        while pending:
            yield self._settle(pending)

    def _settle(self, pending: deque[tuple[list[Article], Future[list[Extraction]]]]) -> tuple[list[Article], list[Result]]:
        batch, future = pending.popleft()
        budget = self._budget(batch)
        try:
            return batch, list(future.result(timeout=budget))
        except FutureTimeout:
            died = False
        except BrokenProcessPool:
            died = True
        self._restart()
        if len(batch) == 1:
            results: list[Result] = [self._skip(batch[0], budget, died)]
        else:
            results = [self._alone(article) for article in batch]
        for n, (other, _) in enumerate(pending):  # the restart took their work with it
            pending[n] = (other, self.pool.submit(extract_batch, other, *self.args))
        return batch, results

    def _alone(self, article: Article) -> Result:
        budget = self._budget([article])
        try:
            return self.pool.submit(extract_batch, [article], *self.args).result(timeout=budget)[0]
        except FutureTimeout:
            died = False
        except BrokenProcessPool:
            died = True
        self._restart()
        return self._skip(article, budget, died)

    @staticmethod
    def _skip(article: Article, budget: float, died: bool) -> Skip:
        if died:
            return Skip(article.source, "not read: its worker process died while parsing it (out of memory?); the rest of "
                                        "the run went on")
        return Skip(article.source, f"not read: parsing took longer than {budget:.0f} s (ACCORD_DOC_SECONDS); the rest of "
                                    "the run went on")

    def close(self) -> None:
        """Called when every result was taken, or on an error (a full disk, Ctrl-C): nothing is left to wait for."""
        self._stop()


class _Bounded:
    """Keeps at most `window` batches in flight, so memory stays flat however large the corpus."""

    def __init__(self, submit: Any, window: int, args: tuple[Any, ...]):
        self.submit, self.window, self.args = submit, window, args

    def map(self, batches: Iterable[list[Article]]) -> Iterator[tuple[list[Article], list[Result]]]:
        pending: deque[tuple[list[Article], Any]] = deque()
        for batch in batches:
            pending.append((batch, self.submit(extract_batch, batch, *self.args)))
            if len(pending) >= self.window:
                batch, future = pending.popleft()
                yield batch, future.result()
        while pending:
            batch, future = pending.popleft()
            yield batch, future.result()


class Dask(_Bounded):
    """A real Dask cluster: the scheduler at `address`, or a LocalCluster of `jobs` worker processes."""

    def __init__(self, settings: Settings, jobs: int, address: str | None):
        from dask.distributed import Client, LocalCluster

        self.cluster = None if address else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                          dashboard_address=None)
        self.client = Client(address or self.cluster)
        super().__init__(lambda fn, *args: self.client.submit(fn, *args, pure=False), 2 * jobs,
                         (settings.model, settings.lexicon_dir, settings.batch_size, settings.detector, settings.max_tokens))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make(settings: Settings, engine: str = "local", jobs: int = 1, scheduler: str | None = None) -> Engine:
    """Dask runs its own workers (no per-document watchdog there); the local engine always parses in watched
    worker processes, one unless `jobs` says more."""
    if engine == "dask":
        return Dask(settings, max(jobs, 1), scheduler)
    return Watched(settings, max(jobs, 1))
