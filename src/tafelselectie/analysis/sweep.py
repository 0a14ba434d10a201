"""Running many independent solves: in this process, in a local process pool, or on a cluster.

:func:`compare_scenarios` and :func:`simulate_rotation` hand their tasks to :func:`run_tasks`,
which takes any :class:`concurrent.futures.Executor`. The cluster engine is not ours: a Dask
cluster's executor is ``distributed.Client(address).get_executor()``, and
:func:`dask_executor` opens one (or a two-worker ``LocalCluster`` on this machine) for a
``with`` block. The same code then runs on a laptop and on a cluster.

What crosses the process boundary. A task is a module-level function with picklable arguments;
its answer comes back by pickle. Infeasible scenarios and bad criteria are answers, not
failures: they come back inside the outcome with the error itself (every
:class:`~tafelselectie.errors.TafelselectieError` pickles with its type and data). Anything else
a task raises is raised again here, as itself, by ``Future.result()``.

Progress goes through the small :class:`Progress` protocol: a tqdm bar in a terminal or a
notebook, nothing when no one listens (output to a file or a pipe, a test, a batch job).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future
from typing import Any, Protocol, TypeVar, runtime_checkable

from tafelselectie.errors import Problem, UsageError, require_extra

_R = TypeVar("_R")


@runtime_checkable
class Progress(Protocol):
    """What a sweep tells about its progress: how many tasks, and each one done."""

    def start(self, total: int, description: str) -> None: ...

    def advance(self) -> None: ...

    def finish(self) -> None: ...


class NoProgress:
    """Tells no one."""

    def start(self, total: int, description: str) -> None:
        pass

    def advance(self) -> None:
        pass

    def finish(self) -> None:
        pass


class TqdmProgress:
    """A tqdm bar: the notebook widget in Jupyter when ipywidgets is there, else text."""

    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, total: int, description: str) -> None:
        import importlib
        import importlib.util

        # tqdm.auto shows a widget in Jupyter, but warns there when ipywidgets is missing.
        module = "tqdm.auto" if importlib.util.find_spec("ipywidgets") is not None else "tqdm"
        self._bar = importlib.import_module(module).tqdm(total=total, desc=description, leave=False)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update()

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def someone_listens() -> bool:
    """A person can see a bar: standard error is a terminal, or this is a Jupyter kernel."""
    stream = sys.stderr
    terminal = stream is not None and hasattr(stream, "isatty") and stream.isatty()
    # a notebook runs in a kernel's shell; an imported ipykernel module alone is no notebook
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return terminal or type(shell).__name__ == "ZMQInteractiveShell"


def as_progress(progress: bool | Progress | None) -> Progress:
    """``None``: a bar when :func:`someone_listens`; ``True``: always a bar; ``False``: none; a
    :class:`Progress` object: itself."""
    if isinstance(progress, Progress):
        return progress
    if progress is None:
        progress = someone_listens()
    return TqdmProgress() if progress else NoProgress()


def run_tasks(
    function: Callable[..., _R],
    tasks: Sequence[tuple[Any, ...]],
    *,
    executor: Executor | None = None,
    processes: int = 1,
    progress: Progress | None = None,
    description: str = "",
) -> list[_R]:
    """``[function(*task) for task in tasks]``, in the order of ``tasks``.

    With ``executor`` the tasks run there (it stays open: it is the caller's); else with
    ``processes > 1`` in a local process pool of that size, opened and closed here; else one
    after the other in this process. The first task that raises stops the run: the tasks not yet
    started are cancelled and its exception is raised here as itself.
    """
    if executor is not None and processes != 1:
        raise UsageError(Problem("usage_executor_and_processes", key="processes"))
    if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
        raise UsageError(Problem("usage_processes", {"value": processes}, key="processes"))
    progress = progress or NoProgress()
    progress.start(len(tasks), description)
    try:
        if executor is not None:
            return _on(executor, function, tasks, progress)
        if processes > 1 and len(tasks) > 1:
            from concurrent.futures import ProcessPoolExecutor

            from tafelselectie.backends.auto import one_core_per_process

            # each worker's solves on one core: the pool already keeps the cores busy
            with ProcessPoolExecutor(
                max_workers=min(processes, len(tasks)), initializer=one_core_per_process
            ) as local:
                return _on(local, function, tasks, progress)
        results = []
        for task in tasks:
            results.append(function(*task))
            progress.advance()
        return results
    finally:
        progress.finish()


def _on(
    executor: Executor,
    function: Callable[..., _R],
    tasks: Sequence[tuple[Any, ...]],
    progress: Progress,
) -> list[_R]:
    from concurrent.futures import FIRST_EXCEPTION, wait

    futures: list[Future[_R]] = [executor.submit(function, *task) for task in tasks]
    pending = set(futures)
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in done:
                if future.exception() is not None:
                    raise future.exception()  # type: ignore[misc]
                progress.advance()
    finally:
        for future in pending:
            future.cancel()
    return [future.result() for future in futures]


@contextlib.contextmanager
def dask_executor(address: str | None = None, **cluster: Any) -> Iterator[Executor]:
    """A :class:`concurrent.futures.Executor` on a Dask cluster, for a ``with`` block.

    ``address`` is a running scheduler (``"tcp://scheduler:8786"``); without it a
    ``LocalCluster`` starts on this machine with ``cluster`` as its options (default: two
    worker processes of one thread each), whose solves each use one core
    (:func:`tafelselectie.backends.auto.one_core_per_process`; on a cluster of your own, run
    it on the workers with ``client.run`` where they share cores). Needs the ``dask`` extra.
    The workers need tafelselectie installed, and a pool given as a path must be readable
    there (give a DataFrame to send the pool along with the tasks)."""
    require_extra("distributed", "dask", "extra_for_cluster")
    from distributed import Client, LocalCluster

    if address is not None:
        with Client(address) as client:
            yield client.get_executor()
        return
    options = {"n_workers": 2, "threads_per_worker": 1, "processes": True}
    options |= {"dashboard_address": None} | cluster
    with LocalCluster(**options) as local, Client(local) as client:
        from tafelselectie.backends.auto import one_core_per_process

        client.run(one_core_per_process)  # as in the local pool: one core per worker process
        yield client.get_executor()
