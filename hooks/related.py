"""Hook: related (to be built; see its issue). Registered in mkdocs.yml already."""
