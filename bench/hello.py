"""The yardstick for the public pages: a Flask hello-world, served by gunicorn with the
portal's own settings (deploy/gunicorn.conf.py)."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    return "Hello, world!"
