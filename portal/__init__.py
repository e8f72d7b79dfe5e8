"""The Local Offer portal: application factory."""
import os
import secrets
import time

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from .config import Config
from .extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config: type[Config] | dict | None = None) -> Flask:
    """Build the Flask app: config, extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", None)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "portal.sqlite")
    if not app.config.get("SEARCH_INDEX_DIR"):
        app.config["SEARCH_INDEX_DIR"] = os.path.join(app.instance_path, "search-index")
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or os.environ.get("SECRET_KEY") or _instance_secret(app)

    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(app.template_folder),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.login_view = "portal.sign_in"

    from . import i18n
    i18n.init_app(app)

    from . import models as portal_models  # noqa: F401  (register models with the metadata)
    from directory import models as directory_models  # noqa: F401
    from feedback import models as feedback_models  # noqa: F401

    login_manager.user_loader(portal_models.load_user)

    from . import errors, routes, security, cli as portal_cli
    app.register_blueprint(routes.bp)
    errors.init_app(app)
    security.init_app(app)
    portal_cli.init_app(app)

    from directory import routes as directory_routes, cli as directory_cli
    from directory import provider_routes, review_routes
    from directory.search import init_app as init_search
    app.register_blueprint(directory_routes.bp)
    app.register_blueprint(provider_routes.bp)
    app.register_blueprint(review_routes.bp)
    from directory import translation_routes
    app.register_blueprint(translation_routes.bp)
    from directory import shortlist_routes
    app.register_blueprint(shortlist_routes.bp)
    from directory import api as oruk_api
    app.register_blueprint(oruk_api.bp)
    app.register_blueprint(oruk_api.open_data_bp)
    directory_cli.init_app(app)

    from feedback import routes as feedback_routes, plan_routes, cli as feedback_cli
    app.register_blueprint(feedback_routes.bp)
    app.register_blueprint(plan_routes.bp)
    feedback_cli.init_app(app)
    from feedback import content_translations as feedback_translations
    feedback_translations.register()  # "You said, we did" and the action plan can be translated
    init_search(app)

    # A person's own data (download, delete): each package answers for its own records.
    from . import account_data, account_routes
    from directory import account_data as directory_account_data
    from feedback import account_data as feedback_account_data
    account_data.init_app(app, [directory_account_data.PART, feedback_account_data.PART])
    app.register_blueprint(account_routes.bp)
    from . import audit_routes
    app.register_blueprint(audit_routes.bp)

    @app.context_processor
    def inject_site():
        return {"site": {
            "council_name": app.config["COUNCIL_NAME"],
            "email": app.config["LOCAL_OFFER_EMAIL"],
            "phone": app.config["LOCAL_OFFER_PHONE"],
        }}

    return app


def _instance_secret(app: Flask) -> str:
    """A per-installation secret kept in the instance folder, so no secret ever sits in the repo.

    Several processes may start at once (gunicorn workers): each writes a candidate to its own file and
    links it into place, which succeeds for exactly one of them, so all of them read the same key. (Several
    machines share one key through SECRET_KEY in the environment instead.)"""
    path = os.path.join(app.instance_path, "secret_key")
    if not os.path.exists(path):
        candidate = f"{path}.{os.getpid()}-{secrets.token_hex(4)}"
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
            try:
                os.link(candidate, path)  # atomic, and never replaces a key another process put there first
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links: create it exclusively instead
                _create_exclusively(path, candidate)
        finally:
            os.unlink(candidate)
    for _ in range(50):
        with open(path) as fh:
            key = fh.read().strip()
        if key:
            return key
        time.sleep(0.1)  # only without hard links: another process has created the file and is writing it
    raise RuntimeError(f"{path} is empty: delete it, or set SECRET_KEY")


def _create_exclusively(path: str, candidate: str) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with open(candidate) as source, os.fdopen(fd, "w") as fh:
        fh.write(source.read())
