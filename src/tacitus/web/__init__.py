"""The dashboard served beside the REST API: pages, SVG charts, templates and static files
(see ``docs/dashboard.md``)."""
