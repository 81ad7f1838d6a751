"""Configuration, read from the environment.

`PORTAL_ENV` picks the class: ``development`` (what `make run` uses), ``test``, or
``production`` (the default, so a forgotten setting fails safe). Outside
development and test there is no fallback for secrets: a missing ``SECRET_KEY``
stops the app from starting.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("PORTAL_INSTANCE_PATH", ROOT / "instance"))


_NOTIFY_KEY = re.compile(
    r"^(?P<name>.+)-(?P<service>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
    r"-(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$",
    re.IGNORECASE,
)


def notify_key_problem(key: str | None) -> str | None:
    """What is wrong with a NOTIFY_API_KEY, in words (None if it looks right). The key is
    never repeated in the message: it is a secret."""
    if not key or not key.strip():
        return "Set NOTIFY_API_KEY to send through GOV.UK Notify"
    key = key.strip()
    if key != key.strip("'\""):
        return "NOTIFY_API_KEY has quotation marks around it: remove them"
    if not _NOTIFY_KEY.match(key):
        return (
            "NOTIFY_API_KEY is not a whole GOV.UK Notify API key. A key is the name you gave it "
            "followed by two IDs of 36 characters (the service ID, then the secret), all joined "
            "by hyphens. Copy the whole key from the API integration page in Notify again"
        )
    return None


class ConfigError(RuntimeError):
    """A setting the portal cannot run without is missing or wrong."""


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    return int(value) if value is not None else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def _dev_secret_key() -> str:
    """Development only: a random key kept under instance/ so sessions survive restarts."""
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class BaseConfig:
    ENV_NAME = "production"
    TESTING = False
    DEBUG = False

    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{INSTANCE / 'portal.sqlite3'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    # The council the portal serves. Everything public says its name.
    COUNCIL_NAME = _env("COUNCIL_NAME", "Kingsmere Council")
    COUNCIL_URL = _env("COUNCIL_URL", "https://www.kingsmere.gov.uk")
    COUNCIL_ADDRESS = _env("COUNCIL_ADDRESS", "Council Offices, Market Street, Kingsmere, KM1 2AB")
    COUNCIL_PHONE = _env("COUNCIL_PHONE", "01632 960000")
    COUNCIL_EMAIL = _env("COUNCIL_EMAIL", "democratic.services@kingsmere.gov.uk")
    COUNCIL_AREA = _env("COUNCIL_AREA", "Kingsmere")
    SERVICE_NAME = _env("SERVICE_NAME", "Questions to the council")
    # The same in Welsh, for the Welsh side of the public pages and e-mails.
    COUNCIL_NAME_CY = _env("COUNCIL_NAME_CY", "Cyngor Kingsmere")
    COUNCIL_ADDRESS_CY = _env(
        "COUNCIL_ADDRESS_CY", "Swyddfeydd y Cyngor, Stryd y Farchnad, Kingsmere, KM1 2AB"
    )
    SERVICE_NAME_CY = _env("SERVICE_NAME_CY", "Cwestiynau i'r cyngor")
    # Where published documents are written; nginx serves this folder in production.
    PUBLICATION_DIR = _env("PUBLICATION_DIR", str(INSTANCE / "publications"))
    # Or an S3-compatible bucket instead (several machines, or a CDN in front): the same
    # paths, under PUBLICATION_BUCKET_PREFIX. Credentials come from the usual AWS
    # variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role.
    PUBLICATION_BUCKET = _env("PUBLICATION_BUCKET")
    PUBLICATION_BUCKET_PREFIX = _env("PUBLICATION_BUCKET_PREFIX", "")
    # Behind the shipped nginx: the latest address ("/meetings/12/questions") is answered
    # here with X-Accel-Redirect to <prefix>/meetings/12/questions/v<n>.<fmt>, the version
    # the database says is current, which nginx then sends itself. So a publication shows
    # all at once, at its commit, and no latest copy left behind by a failure is ever
    # served (docs/decisions/0210). Empty: the portal sends the bytes itself.
    PUBLICATION_ACCEL_PREFIX = _env("PUBLICATION_ACCEL_PREFIX", "")
    S3_ENDPOINT_URL = _env("S3_ENDPOINT_URL")
    S3_REGION = _env("S3_REGION", "eu-west-2")
    # The search index: on each machine's own disk, never shared (portal/domain/archive/search/index.py).
    SEARCH_INDEX_DIR: str | None = _env("SEARCH_INDEX_DIR", str(INSTANCE / "search-index"))
    # The PDF, the slowest format, is rendered in a separate process while the others are
    # rendered here (0: render everything in the request's own process); a long record is
    # laid out in parts, this many at a time (decision 0360).
    PDF_RENDER_PROCESSES = _env_int("PDF_RENDER_PROCESSES", 2)
    # A meeting with at least this many questions in its record is published as a job, and
    # the clerk sees its progress; a smaller one within the clerk's request (decision 0330).
    PUBLISH_IN_BACKGROUND_FROM = _env_int("PUBLISH_IN_BACKGROUND_FROM", 80)
    # Who runs those jobs: "thread" (a thread of the web process that took the request) or
    # "worker" (`flask publications work --watch`, started beside the web server).
    PUBLISH_JOB_RUNNER = _env("PUBLISH_JOB_RUNNER", "thread")
    # A job not heard from for this long has stopped (its process was killed or restarted).
    PUBLISH_JOB_STALLED_SECONDS = _env_int("PUBLISH_JOB_STALLED_SECONDS", 60)
    # Absolute address of the portal, used in e-mails and feeds.
    BASE_URL = _env("BASE_URL", "http://127.0.0.1:5000")

    SECRET_KEY = _env("SECRET_KEY")
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 8
    FORCE_HTTPS = _env_bool("FORCE_HTTPS", True)

    # werkzeug's strongest default; tests use a fast hash so factories stay quick.
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 (a hashing method, not a password)
    # Staff sessions (kept on the server): defaults until an administrator sets the
    # council's own on the sign-in settings page.
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 30)
    SESSION_ABSOLUTE_HOURS = _env_int("SESSION_ABSOLUTE_HOURS", 10)
    SECOND_FACTOR_FOR_EVERYONE = _env_bool("SECOND_FACTOR_FOR_EVERYONE", False)
    # Password guessing: wrong passwords free of delay per account and address, and the
    # wrong passwords an hour from everywhere after which a password alone is not enough.
    SIGN_IN_FREE_ATTEMPTS = _env_int("SIGN_IN_FREE_ATTEMPTS", 4)
    SIGN_IN_ACCOUNT_ALARM = _env_int("SIGN_IN_ACCOUNT_ALARM", 30)
    # A browser that completed a sign-in is remembered this long (a signed cookie), so its
    # owner gets in even while their account is under a spread-out guessing attack.
    KNOWN_DEVICE_DAYS = _env_int("KNOWN_DEVICE_DAYS", 90)

    # Single sign-on with the council's identity provider (OpenID Connect). Off unless
    # OIDC_ISSUER is set; OIDC_NAME is what the sign-in button says ("Microsoft 365").
    OIDC_ISSUER = _env("OIDC_ISSUER")
    OIDC_CLIENT_ID = _env("OIDC_CLIENT_ID")
    OIDC_CLIENT_SECRET = _env("OIDC_CLIENT_SECRET")
    OIDC_NAME = _env("OIDC_NAME", "your council account")
    # Whether a single sign-on also counts as the second factor (the provider enforces
    # its own multi-factor sign-in, as Microsoft 365 and Google Workspace can).
    OIDC_SATISFIES_SECOND_FACTOR = _env_bool("OIDC_SATISFIES_SECOND_FACTOR", True)

    # Request sizes, in bytes: the most any request may send (nginx's client_max_body_size
    # matches), the most a public form may send (a question is a few hundred words), and
    # the most a staff form may send (an answer with tables).
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    PUBLIC_FORM_MAX_LENGTH = _env_int("PUBLIC_FORM_MAX_LENGTH", 64 * 1024)
    STAFF_FORM_MAX_LENGTH = _env_int("STAFF_FORM_MAX_LENGTH", 1024 * 1024)
    # The archive import's upload of old committee papers (several files of up to 20 MB).
    IMPORT_UPLOAD_MAX_LENGTH = _env_int("IMPORT_UPLOAD_MAX_LENGTH", 60 * 1024 * 1024)
    # Question drafts: new ones one address may start an hour, and the most that may
    # exist at once (past it, new ones are refused until old ones are purged).
    DRAFTS_PER_ADDRESS_RATE_LIMIT = _env("DRAFTS_PER_ADDRESS_RATE_LIMIT", "20 per hour")
    MAX_LIVE_DRAFTS = _env_int("MAX_LIVE_DRAFTS", 20000)
    # A draft with nothing but a meeting chosen is deleted after this many hours.
    EMPTY_DRAFT_HOURS = _env_int("EMPTY_DRAFT_HOURS", 2)

    # Rate limits (Flask-Limiter), counted in Redis (REDIS_URL) so that every gunicorn
    # worker and every instance shares one count. Production refuses to start without a
    # shared store unless RATELIMIT_STORAGE_URI=memory:// is chosen for a single process.
    REDIS_URL = _env("REDIS_URL")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", REDIS_URL or "memory://")
    RATELIMIT_KEY_PREFIX = "portal"
    # If Redis stops answering, count in memory until it is back rather than fail pages.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # The public forms (docs/decisions/0026): sending a question, confirming it or
    # asking for the e-mail again, and asking for a list of one's questions.
    ASK_SUBMIT_RATE_LIMIT = _env("ASK_SUBMIT_RATE_LIMIT", "5 per minute;30 per hour")
    ASK_CONFIRM_RATE_LIMIT = _env("ASK_CONFIRM_RATE_LIMIT", "10 per minute;60 per hour")
    MY_QUESTIONS_RATE_LIMIT = _env("MY_QUESTIONS_RATE_LIMIT", "5 per minute;20 per hour")
    # Days an unsent question is kept.
    DRAFT_LIFETIME_DAYS = _env_int("DRAFT_LIFETIME_DAYS", 3)
    # Public pages kept whole for readers without a session, under the data version (so
    # never after a change), at most this many seconds (0: none); in Redis when REDIS_URL
    # is set, else in each worker's memory (PAGE_CACHE_SIZE pages).
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 30)
    PAGE_CACHE_SIZE = _env_int("PAGE_CACHE_SIZE", 512)
    # Requests a minute one client may make of the open data API.
    API_RATE_LIMIT = _env("API_RATE_LIMIT", "300 per minute")
    # Behind the shipped nginx: trust its X-Forwarded-For/-Proto/-Host (one proxy).
    PROXY_FIX = _env_bool("PROXY_FIX", False)

    # E-mail: GOV.UK Notify when NOTIFY_API_KEY is set, else SMTP with MAIL_*.
    MAIL_TRANSPORT = _env("MAIL_TRANSPORT")  # "smtp", "notify" or "mailbox" (development)
    MAIL_SERVER = _env("MAIL_SERVER", "localhost")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_FROM = _env("MAIL_FROM", "Kingsmere Council <questions@kingsmere.gov.uk>")
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 20)
    NOTIFY_API_KEY = _env("NOTIFY_API_KEY")
    NOTIFY_TEMPLATE_ID = _env("NOTIFY_TEMPLATE_ID")
    OUTBOX_MAX_ATTEMPTS = _env_int("OUTBOX_MAX_ATTEMPTS", 8)
    # How long a sender holds a message it is delivering. A sender that stops holds it this
    # long; longer than any delivery takes (MAIL_TIMEOUT), so a live sender is never doubted.
    OUTBOX_CLAIM_SECONDS = _env_int("OUTBOX_CLAIM_SECONDS", 300)

    # Personal data of questioners is removed this many days after the meeting.
    RETENTION_DAYS = _env_int("RETENTION_DAYS", 365)
    # The text and address of e-mail already sent are removed after this many days.
    OUTBOX_RETENTION_DAYS = _env_int("OUTBOX_RETENTION_DAYS", 30)
    # Staff sign-in records (sessions, the security log) are kept this many days.
    SECURITY_LOG_RETENTION_DAYS = _env_int("SECURITY_LOG_RETENTION_DAYS", 400)
    # A copy of someone's data can be downloaded for this many days after it is e-mailed.
    DATA_EXPORT_DAYS = _env_int("DATA_EXPORT_DAYS", 7)
    # Records of requests for data are kept this long, then deleted.
    DATA_REQUEST_RETENTION_DAYS = _env_int("DATA_REQUEST_RETENTION_DAYS", 400)

    SHOW_DEV_MAILBOX = False
    LOG_LEVEL = _env("LOG_LEVEL", "INFO")

    @classmethod
    def check(cls) -> None:
        if not cls.SECRET_KEY:
            raise ConfigError(
                "Set SECRET_KEY: it signs sessions and links, and has no default outside development."
            )
        if len(cls.SECRET_KEY) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters long.")
        if (
            cls.RATELIMIT_ENABLED
            and counts_in_memory(cls.RATELIMIT_STORAGE_URI)
            and not _env("RATELIMIT_STORAGE_URI")
        ):
            raise ConfigError(UNSHARED_LIMITS)
        _check_mail_settings(cls)


def _check_mail_settings(config: type[BaseConfig]) -> None:
    """At start-up, not at the first e-mail: a Notify key that cannot work."""
    transport = (config.MAIL_TRANSPORT or ("notify" if config.NOTIFY_API_KEY else "smtp")).lower()
    if transport == "notify":
        problem = notify_key_problem(config.NOTIFY_API_KEY)
        if problem:
            raise ConfigError(problem + ".")


UNSHARED_LIMITS = (
    "Set REDIS_URL (for example redis://127.0.0.1:6379/0): rate limits must be counted in one "
    "store that every gunicorn worker shares. Counted in each worker's memory, every limit "
    "would be multiplied by the number of workers (deploy/gunicorn.conf.py starts 2 x cores + 1). "
    "To run one process only, without Redis, set RATELIMIT_STORAGE_URI=memory:// and GUNICORN_WORKERS=1."
)


def counts_in_memory(storage_uri: str | None) -> bool:
    """Whether rate limits stored at this address are counted in each process's memory."""
    return (storage_uri or "memory://").startswith("memory")


class ProductionConfig(BaseConfig):
    pass


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"
    DEBUG = False
    SECRET_KEY = _env("SECRET_KEY") or None
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    FORCE_HTTPS = False
    MAIL_TRANSPORT = _env("MAIL_TRANSPORT", "mailbox")
    SHOW_DEV_MAILBOX = True

    @classmethod
    def check(cls) -> None:
        if not cls.SECRET_KEY:
            cls.SECRET_KEY = _dev_secret_key()


class TestConfig(BaseConfig):
    ENV_NAME = "test"
    PDF_RENDER_PROCESSES = _env_int("PDF_RENDER_PROCESSES", 0)
    # The tests run each publication job themselves (jobs.run), in their own transaction.
    PUBLISH_JOB_RUNNER = "worker"
    TESTING = True
    SECRET_KEY = "test-secret-key-that-is-long-enough-for-the-checks"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = _env("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    FORCE_HTTPS = False
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # The page cache is tried by its own tests (tests/integration/test_page_cache.py).
    PAGE_CACHE_SECONDS = 0
    # Every test runs inside one transaction that is never committed.
    PAGE_CACHE_VERSION_FROM_SESSION = True
    MAIL_TRANSPORT = "mailbox"
    SHOW_DEV_MAILBOX = True
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 10
    SECOND_FACTOR_FOR_EVERYONE = False
    OIDC_ISSUER = None
    BASE_URL = "http://localhost"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105
    SEARCH_INDEX_DIR = None  # a temporary folder per process, removed at exit
    COUNCIL_NAME = "Kingsmere Council"

    @classmethod
    def check(cls) -> None:
        return None


CONFIGS: dict[str, type[BaseConfig]] = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "test": TestConfig,
}


def config_for(env_name: str | None = None) -> type[BaseConfig]:
    name = (env_name or _env("PORTAL_ENV", "production")).lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(f"PORTAL_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.") from None


def council_words(config: Any, language: str) -> dict[str, str]:
    """The council's name, address and service name in `language` ("en" or "cy")."""
    welsh = language == "cy"
    return {
        "council_name": config["COUNCIL_NAME_CY" if welsh else "COUNCIL_NAME"],
        "council_address": config["COUNCIL_ADDRESS_CY" if welsh else "COUNCIL_ADDRESS"],
        "service_name": config["SERVICE_NAME_CY" if welsh else "SERVICE_NAME"],
    }
