"""Registers the pandas accessor and the polars namespace — lazily.

Neither library is imported by ``import uscc``. If one is already imported, its ``.uscc``
accessor is registered at once; otherwise a light import hook registers it right after the
library is first imported. Nothing happens for a library that is not installed.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from typing import Any, Callable

_REGISTER: dict[str, Callable[[], None]] = {}
_done: set[str] = set()


def _register_pandas() -> None:
    from . import pandas_accessor

    pandas_accessor.register()


def _register_polars() -> None:
    from . import polars_namespace

    polars_namespace.register()


def _run(name: str) -> None:
    if name in _done:
        return
    _done.add(name)
    _REGISTER[name]()


class _Loader(importlib.abc.Loader):
    """Wraps a package's loader to register the namespace once it has been executed."""

    def __init__(self, name: str, inner: Any) -> None:
        self._name = name
        self._inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return self._inner.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self._inner.exec_module(module)
        try:
            _run(self._name)
        except Exception:  # never break the user's import of pandas/polars
            pass

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._inner, attr)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname not in _REGISTER or fullname in _done:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(fullname, spec.loader)
                return spec
        return None


_REGISTER["pandas"] = _register_pandas
_REGISTER["polars"] = _register_polars


def install() -> None:
    pending = False
    for name in _REGISTER:
        if name in sys.modules:
            try:
                _run(name)
            except Exception:
                pass
        else:
            pending = True
    if pending and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
