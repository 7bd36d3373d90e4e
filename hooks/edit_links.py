"""Hook: „Diese Seite bearbeiten“ links to the page's file in the repository.

The repository is configured in one place: ``repo_url`` in mkdocs.yml, read
from the environment variable ``KB_REPO_URL`` (CI sets it from the GitHub
context). With it set and no ``KB_EDIT_URI``, every page links to
``<repo>/edit/main/docs/<file>`` — for English pages the ``.en.md`` file.
Without a repository there are no edit links at all (an edit path without a
repository would be a broken link). Pages a hook generates (topic, series,
archive and tag pages: ``File.generated``) have no file, so MkDocs gives them
no edit link.
"""

from __future__ import annotations

import os

from mkdocs.plugins import event_priority

from pipeline import priority

#: The edit path below the repository URL when KB_EDIT_URI is not set.
DEFAULT_EDIT_URI = "edit/main/docs/"
_MKDOCS_GUESS = "edit/master/docs/"


@event_priority(priority("edit_links.on_config"))
def on_config(config):
    """Derive ``edit_uri`` from ``repo_url`` unless KB_EDIT_URI configures it.

    MkDocs itself would guess ``edit/master/docs/`` for GitHub; our branch is main.
    """
    if config.repo_url and not config.edit_uri_template and not os.environ.get("KB_EDIT_URI"):
        if config.edit_uri in (None, "", _MKDOCS_GUESS):
            config.edit_uri = DEFAULT_EDIT_URI
    return config
