"""hooks/validation.py keeps the catalogue out of the garbage collector's way during a build."""

from __future__ import annotations

import gc
import importlib.util
from pathlib import Path

import pytest

import shared

HOOK = Path(__file__).resolve().parents[1] / "hooks" / "validation.py"


@pytest.fixture
def validation(monkeypatch):
    """The hook module, loaded as MkDocs loads it, with the state reset and the catalogue stubbed."""
    spec = importlib.util.spec_from_file_location("validation_gc_under_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(shared, "reset", lambda config: None)
    monkeypatch.setattr(module.catalog_core, "build", lambda sources, **kw: (object(), []))
    yield module
    gc.unfreeze()


class _NoFiles:
    """A stand-in for MkDocs' Files with no pages."""

    def documentation_pages(self):
        """No pages."""
        return []

    def __iter__(self):
        """No files at all."""
        return iter(())


class _Config:
    """A stand-in for the MkDocs config: an empty docs/ in ``root``, no theme."""

    def __init__(self, root: Path):
        """Make ``root/docs``."""
        (root / "docs").mkdir()
        self.config_file_path = str(root / "mkdocs.yml")
        self.docs_dir = str(root / "docs")
        self.theme = None


def test_catalogue_is_frozen_after_on_files(validation, monkeypatch, tmp_path):
    """After on_files, the objects alive (the catalogue among them) sit in the permanent generation."""
    monkeypatch.setattr(shared.STATE, "kb", shared.STATE.kb or _Kb(), raising=False)
    gc.unfreeze()
    validation.on_files(_NoFiles(), config=_Config(tmp_path))
    assert gc.get_freeze_count() > 0


def test_next_build_unfreezes(validation):
    """on_config of the next build (serve, the next language) hands the frozen objects back to the collector."""
    gc.freeze()
    assert gc.get_freeze_count() > 0
    validation.on_config(config=None)
    assert gc.get_freeze_count() == 0


class _Kb:
    """A stand-in for the validated ``extra.kb``: no topics, no series."""

    topics: dict = {}
    series: dict = {}
