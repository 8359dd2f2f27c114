"""Where per-document work runs: in this process, in a pool of processes, or as Dask tasks.

Every engine maps batches of articles to their extractions with the same plain
function, `extract_batch`, and yields results in input order, so the store
sees the same writes whatever runs them. Cross-document work is not done here:
it runs once, when the store is read.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Iterable, Iterator, Protocol

from . import detect, lexicon
from .extract.document import extract
from .nlp.pipeline import load
from .records import Article, Extraction
from .settings import Settings


def extract_batch(articles: list[Article], model: str, lexicon_dir: str, batch_size: int,
                  detector_path: str = "") -> list[Extraction]:
    """Parse a batch with nlp.pipe and extract each article; the models load once per process."""
    nlp = load(model)
    lex = lexicon.load(lexicon_dir)
    detector = None if detector_path == "none" else detect.load(detector_path or None)
    docs = nlp.pipe([a.body for a in articles], batch_size=batch_size)
    out = []
    for article, doc in zip(articles, docs):
        captions = list(nlp.pipe(article.captions)) if article.captions else []
        out.append(extract(article, doc, captions, nlp, lex, detector))
    return out


class Engine(Protocol):
    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Extraction]]: ...

    def close(self) -> None: ...


class Local:
    def __init__(self, settings: Settings):
        self.args = (settings.model, settings.lexicon_dir, settings.batch_size, settings.detector)

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Extraction]]:
        for batch in batches:
            yield extract_batch(batch, *self.args)

    def close(self) -> None:
        pass


class _Bounded:
    """Keeps at most `window` batches in flight, so memory stays flat however large the corpus."""

    def __init__(self, submit: Any, window: int, args: tuple[Any, ...]):
        self.submit, self.window, self.args = submit, window, args

    def map(self, batches: Iterable[list[Article]]) -> Iterator[list[Extraction]]:
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(self.submit(extract_batch, batch, *self.args))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


class Processes(_Bounded):
    def __init__(self, settings: Settings, jobs: int):
        self.pool = ProcessPoolExecutor(max_workers=jobs)
        super().__init__(self.pool.submit, 2 * jobs, (settings.model, settings.lexicon_dir, settings.batch_size, settings.detector))

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class Dask(_Bounded):
    """A real Dask cluster: the scheduler at `address`, or a LocalCluster of `jobs` worker processes."""

    def __init__(self, settings: Settings, jobs: int, address: str | None):
        from dask.distributed import Client, LocalCluster

        self.cluster = None if address else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                          dashboard_address=None)
        self.client = Client(address or self.cluster)
        super().__init__(lambda fn, *args: self.client.submit(fn, *args, pure=False), 2 * jobs,
                         (settings.model, settings.lexicon_dir, settings.batch_size, settings.detector))

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make(settings: Settings, engine: str = "local", jobs: int = 1, scheduler: str | None = None) -> Engine:
    if engine == "dask":
        return Dask(settings, max(jobs, 1), scheduler)
    if jobs > 1:
        return Processes(settings, jobs)
    return Local(settings)

