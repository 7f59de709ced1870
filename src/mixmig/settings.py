"""Django settings: the one place where mixmig is wired together from ``MIXMIG_*`` variables.

See docs/admin-guide.md for every variable. Nothing here opens a database.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from mixmig.config import ConfigurationError, env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent

ENVIRONMENT = (env("ENV", "development") or "development").lower()
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ConfigurationError(f"MIXMIG_ENV={ENVIRONMENT!r}; allowed: development, test, production")
DEVELOPMENT = ENVIRONMENT in {"development", "test"}

DEV_SECRET_KEY = "mixmig-development-secret-key-do-not-use-in-production"
DEV_SEARCH_KEY = "mixmig-development-search-key-do-not-use-in-production"

SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY) or DEV_SECRET_KEY
# Key of the blind indexes over identity search keys (names, documents, phones).
SEARCH_KEY = env("SEARCH_KEY", DEV_SEARCH_KEY) or DEV_SEARCH_KEY
if not DEVELOPMENT:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ConfigurationError(
            "MIXMIG_SECRET_KEY (or MIXMIG_SECRET_KEY_FILE) must be set to a random value of at least "
            "32 characters outside development; the built-in development key is refused."
        )
    if SEARCH_KEY == DEV_SEARCH_KEY or len(SEARCH_KEY) < 32:
        raise ConfigurationError(
            "MIXMIG_SEARCH_KEY (or MIXMIG_SEARCH_KEY_FILE) must be set to a random value of at least "
            "32 characters outside development; the built-in development key is refused."
        )

DEBUG = env_bool("DEBUG", ENVIRONMENT == "development")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEVELOPMENT else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(env("DATA_DIR", str(Path.cwd() / "data")) or "data").resolve()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "mixmig.apps.access",
    "mixmig.apps.audit",
    "mixmig.apps.registry",
    "mixmig.apps.screening",
    "mixmig.apps.directory",
    "mixmig.apps.notifications",
    "mixmig.apps.referrals",
    "mixmig.apps.cases",
    "mixmig.apps.identity",
    "mixmig.apps.exchange",
    "mixmig.web",
    "mixmig.api",
    "mixmig.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mixmig.apps.access.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "mixmig.urls"
WSGI_APPLICATION = "mixmig.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]


def _database() -> dict:
    url = env("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60)
        if db["ENGINE"].endswith("postgresql"):
            db.setdefault("OPTIONS", {})
            db["ATOMIC_REQUESTS"] = False
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "mixmig.sqlite3"),
        "OPTIONS": {
            # WAL lets readers proceed while one writer commits; synchronous=FULL makes each commit durable
            # before the response says it succeeded (principle 7).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                "PRAGMA busy_timeout=10000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "TEST": {"NAME": ":memory:"},
    }


DATABASES = {"default": _database()}
# One writer thread commits concurrent writes together (see mixmig/apps/group_commit.py). Useful with
# SQLite, where each commit waits for fsync and writers are serialised; PostgreSQL does this itself.
GROUP_COMMIT = env_bool("GROUP_COMMIT", DATABASES["default"]["ENGINE"].endswith("sqlite3"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Login throttling: this many failures for one account within the window → refused.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 6, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 60, minimum=1)
# Idle sessions end after this many seconds without a request.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 15 * 60, minimum=60)
SESSION_COOKIE_AGE = env_int("SESSION_MAX_SECONDS", 12 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
API_TOKEN_TTL_SECONDS = env_int("API_TOKEN_TTL_SECONDS", 30 * 24 * 3600, minimum=60)
# A server process remembers a resolved API token this long (0 = look it up on every request). Revocation in
# the same process applies at once; other processes see it within this time.
API_TOKEN_CACHE_SECONDS = env_int("API_TOKEN_CACHE_SECONDS", 15, minimum=0)

# Uploads (imports): larger files are refused with a clear message.
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES

# The policy pack screening uses: a shipped pack id (baseline, aurelia, borealis) or a path to a pack YAML.
POLICY_PACK = env("POLICY_PACK", "baseline") or "baseline"

# Exchange between instances (docs/referrals-and-cases.md): this instance's id and private keys
# (`mixmig exchange keygen`), the hosts it may send to (`private:HOST` also permits a private address) and,
# for tests and development only, plain http to loopback.
EXCHANGE_INSTANCE_ID = env("EXCHANGE_INSTANCE_ID", "") or ""
EXCHANGE_PRIVATE_KEY = env("EXCHANGE_PRIVATE_KEY", "") or ""
EXCHANGE_ALLOWED_HOSTS = env_list("EXCHANGE_ALLOWED_HOSTS", [])
EXCHANGE_ALLOW_INSECURE_LOOPBACK = env_bool("EXCHANGE_ALLOW_INSECURE_LOOPBACK", False)
EXCHANGE_MAX_SKEW_SECONDS = env_int("EXCHANGE_MAX_SKEW_SECONDS", 300, minimum=10)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = env("LANGUAGE", "en") or "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "UTC") or "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "mixmig@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING") or "WARNING"},
}
