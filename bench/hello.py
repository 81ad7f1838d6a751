"""The smallest Flask app, served by the same gunicorn settings as the portal, so the
portal's latency can be read beside what the machine and gunicorn cost on their own."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
@app.route("/healthz")
def hello() -> str:
    return "Hello, world"
