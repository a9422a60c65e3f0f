"""The REST API (``/api/v1``) and the server behind ``tacitus serve``: see ``docs/api.md``.

``tacitus.api.app.create_app`` builds the app; nothing heavy is imported here, so that
``tacitus --help`` stays instant.
"""
