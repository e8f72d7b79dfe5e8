"""Flask extensions, created once and initialised in create_app."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Limits are set per route (sign-in, sign-up, reports). Storage: RATELIMIT_STORAGE_URI (memory by default;
# database:// is registered by importing rate_limit_storage, before any app is made).
from . import rate_limit_storage  # noqa: E402,F401

limiter = Limiter(key_func=get_remote_address, default_limits=[])
