"""gunicorn's master compiles the templates before it forks the workers (decision 0310)."""

from __future__ import annotations

from portal.templating import compile_templates


def test_every_page_template_is_compiled_before_the_workers_start(app):
    compiled = compile_templates(app)
    names = app.jinja_env.list_templates()
    assert compiled == len([n for n in names if not n.startswith("documents/")]) > 100
    cached = {key[1] for key, _ in app.jinja_env.cache.items()}  # (loader, name)
    assert {"base.html", "public/home.html", "archive/search.html"} <= cached
