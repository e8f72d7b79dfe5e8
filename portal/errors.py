"""Error pages in the site's layout, in plain English."""
from flask import Flask, render_template
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    @app.errorhandler(400)
    def bad_request(error: HTTPException):
        return render_template("errors/400.html"), 400

    @app.errorhandler(404)
    def not_found(error: HTTPException):
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(error: HTTPException):
        return render_template("errors/400.html"), 405

    @app.errorhandler(500)
    def server_error(error: Exception):
        return render_template("errors/500.html"), 500
