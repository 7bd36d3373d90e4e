"""The pipeline table (hooks/pipeline.py) and the hooks of mkdocs.yml agree on every priority."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
import yaml

import pipeline

ROOT = Path(__file__).resolve().parent.parent


def _hook_names() -> list[str]:
    """The hook modules mkdocs.yml loads, by module name (``hooks/seo.py`` → ``seo``)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    return [Path(path).stem for path in config["hooks"]]


def _set_priorities() -> dict[str, int]:
    """``"hook.event": priority`` for every hook event that sets a priority."""
    found = {}
    for name in _hook_names():
        module = importlib.import_module(name)
        for event, func in inspect.getmembers(module, inspect.isfunction):
            if event.startswith("on_") and hasattr(func, "mkdocs_priority"):
                found[f"{name}.{event}"] = func.mkdocs_priority
    return found


def test_every_priority_a_hook_sets_is_in_the_table():
    """No hook sets a priority of its own: each one comes from the table, with its value."""
    assert _set_priorities() == {name: value for name, (value, _why) in pipeline.PRIORITIES.items()}


def test_every_table_row_says_why():
    """Each row carries its reason: the table is where a maintainer reads the order."""
    assert all(why.strip() for _value, why in pipeline.PRIORITIES.values())


def test_an_unknown_name_is_an_error():
    """A typo in a hook's priority name fails at import, not with a silent default."""
    with pytest.raises(KeyError):
        pipeline.priority("seo.on_fils")
