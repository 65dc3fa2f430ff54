"""Bru's settings. Everything that differs between machines comes from environment variables."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The course files, the interface catalogs and the migrations: beside the package in a
#: checkout, inside it (`_bundle`, made when a wheel is built) once installed.
DATA_DIR = PACKAGE_DIR / "_bundle" if (PACKAGE_DIR / "_bundle").is_dir() else PACKAGE_DIR.parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


#: Keys that are in this repository, so anyone can sign a session cookie with them.
PUBLIC_KEYS = {"dev-only-change-me", "test-secret"}
SECRET_KEY_MIN_LENGTH = 32


#: Where `make run` serves Bru: right in development, wrong in every email of a production.
DEVELOPMENT_PUBLIC_URL = "http://127.0.0.1:5000"


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    #: Unset: a SQLite file in the app's instance folder (create_app fills it in).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    #: Where the course files live; validated and loaded once at start-up.
    CONTENT_DIR = os.environ.get("CONTENT_DIR", str(DATA_DIR / "courses"))

    LANGUAGES = ["en", "nb", "nn", "fr", "es", "pt", "sw"]
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(DATA_DIR / "translations")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 2 * 1024 * 1024))
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    #: scrypt at OWASP's recommended cost (N=2^17, r=8, p=1).
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt:131072:8:1")
    #: How long an invitation link and a password-reset link stay valid.
    INVITATION_VALID_HOURS = int(os.environ.get("INVITATION_VALID_HOURS", 24 * 14))
    PASSWORD_RESET_VALID_HOURS = int(os.environ.get("PASSWORD_RESET_VALID_HOURS", 2))
    #: Absolute base of links in emails (invitations, resets, reminders).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", DEVELOPMENT_PUBLIC_URL)

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Bru <bru@localhost>")

    #: The cohort's anonymous answers to a dilemma or scale are shown only from this many
    #: respondents on, so that nobody's answer can be picked out of a small group.
    COHORT_MIN_RESPONDENTS = int(os.environ.get("COHORT_MIN_RESPONDENTS", 5))

    #: Participants' data is erased (`flask privacy purge --apply`) this long after the
    #: return from their latest exchange.
    PRIVACY_RETENTION_DAYS = int(os.environ.get("PRIVACY_RETENTION_DAYS", 5 * 365))

    #: Brotli where the browser takes it, else gzip; tiny responses are not worth it.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIN_SIZE = 500
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/csv",
        "text/plain",
        "application/javascript",
        "text/javascript",
        "application/json",
        "image/svg+xml",
    ]

    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_SIGN_IN = os.environ.get("RATELIMIT_SIGN_IN", "10 per minute")
    #: Per account, whatever the address: failed sign-ins, and password-reset requests.
    RATELIMIT_SIGN_IN_ACCOUNT = os.environ.get("RATELIMIT_SIGN_IN_ACCOUNT", "20 per hour")
    #: How many reverse proxies in front of Bru add to X-Forwarded-For and X-Forwarded-Proto.
    #: 0 (the default) trusts neither header: the client could write anything in them.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))
    RATELIMIT_HEADERS_ENABLED = False

    @classmethod
    def check(cls, config: dict) -> None:
        """Refuse settings this class must not run with (raises RuntimeError)."""


class DevelopmentConfig(Config):
    DEBUG = True
    #: In development, emails are printed to the console instead of only queued.
    MAIL_PRINT = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    MAIL_PRINT = False
    SERVER_NAME = None
    # Tests create hundreds of accounts; a cheap cost keeps them fast (production is unchanged).
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"


class ProductionConfig(Config):
    #: Only switch off to measure over plain HTTP on loopback (the benchmark does).
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https"
    MAIL_PRINT = False

    @classmethod
    def check(cls, config: dict) -> None:
        # Whoever knows the key can sign a session cookie for any account (an administrator's).
        key = config.get("SECRET_KEY") or ""
        if (
            key in PUBLIC_KEYS
            or len(key) < SECRET_KEY_MIN_LENGTH
            or len(set(key)) < 8  # "xxxx…" is long, not secret
        ):
            raise RuntimeError(
                "SECRET_KEY is not set to a strong secret: production refuses the development "
                f"value, and keys shorter than {SECRET_KEY_MIN_LENGTH} characters. Make one with "
                '`python3 -c "import secrets; print(secrets.token_hex(32))"` and set it, the '
                "same on every app node, in the environment (e.g. /etc/bru/env)."
            )


configs = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}
