"""Framework-free cores of the knowledge base's build hooks.

Every module here takes plain data and returns plain data; the MkDocs event
layer lives one folder up (``hooks/*.py``). Tests import these modules
without MkDocs.
"""
