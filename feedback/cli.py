"""`flask plan …` and other feedback commands (being written)."""
from flask import Flask


def init_app(app: Flask) -> None:
    """Register the feedback commands."""
