"""The yardstick for the public pages: a Flask hello-world, served by gunicorn with the
portal's own settings (deploy/gunicorn.conf.py). /healthz answers too, so the load
benchmark can wait for it as it waits for the portal."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
@app.route("/healthz")
def hello() -> str:
    return "Hello, world!"
