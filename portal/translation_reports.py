"""Readers' reports of bad interface translations: stored for officers, who mark them dealt with."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select

from .catalogues import about_catalogues
from .extensions import db
from .i18n import language_name
from .models import TRANSLATION_REPORT_DONE, TRANSLATION_REPORT_NEW, TranslationReport, User, utcnow
from .services import record_audit


class TranslationReportError(ValueError):
    """A report that cannot be stored; the message is for the reader."""


def _as_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def translation_statuses() -> list[dict]:
    """Each interface language other than English: its name, who translated it, whether it was reviewed."""
    about = about_catalogues()
    rows = []
    for code in current_app.config["LANGUAGES"]:
        if code == current_app.config["BABEL_DEFAULT_LOCALE"]:
            continue
        entry = about.get(code, {})
        rows.append({
            "code": code,
            "name": language_name(code),
            "machine": entry.get("translated_by") == "machine",
            "translated_by": entry.get("translated_by") or "",
            "translated_on": _as_date(entry.get("translated_on")),
            "reviewed_by": entry.get("reviewed_by"),
            "reviewed_on": _as_date(entry.get("reviewed_on")),
        })
    return rows


def is_reviewed(language: str) -> bool:
    """True when a fluent speaker has checked LANGUAGE's interface catalogue (English always is)."""
    if language == current_app.config["BABEL_DEFAULT_LOCALE"]:
        return True
    return bool(about_catalogues().get(language, {}).get("reviewed_by"))


def report_translation(language: str, problem: str, suggestion: str = "", page: str = "",
                       reply_email: str = "") -> TranslationReport:
    """Store a reader's report about a translation, for the officers' queue."""
    if language not in current_app.config["LANGUAGES"]:
        raise TranslationReportError("Unknown language")
    if not (problem or "").strip():
        raise TranslationReportError("Tell us what is wrong with the translation")
    report = TranslationReport(language=language, problem=problem.strip(), suggestion=(suggestion or "").strip(),
                               page=(page or "").strip()[:500], reply_email=(reply_email or "").strip())
    db.session.add(report)
    db.session.flush()
    record_audit(None, "translation.report", "translation_report", report.id, after={"language": language})
    db.session.commit()
    return report


def reports_waiting() -> list[TranslationReport]:
    """Reports not yet dealt with, oldest first."""
    return list(db.session.scalars(select(TranslationReport).where(TranslationReport.status == TRANSLATION_REPORT_NEW)
                                   .order_by(TranslationReport.created_at, TranslationReport.id)))


def recent_reports_dealt_with(limit: int = 50) -> list[TranslationReport]:
    """The latest reports an officer has dealt with, newest first."""
    return list(db.session.scalars(select(TranslationReport).where(TranslationReport.status == TRANSLATION_REPORT_DONE)
                                   .order_by(TranslationReport.dealt_with_at.desc()).limit(limit)))


def count_waiting() -> int:
    """How many translation reports wait for an officer."""
    return db.session.scalar(select(func.count()).select_from(TranslationReport)
                             .where(TranslationReport.status == TRANSLATION_REPORT_NEW)) or 0


def mark_dealt_with(officer: User, report: TranslationReport) -> None:
    """Record that an officer has dealt with a report (fixed the catalogue, or decided no change is needed)."""
    if report.status == TRANSLATION_REPORT_DONE:
        return
    report.status = TRANSLATION_REPORT_DONE
    report.dealt_with_by_id = officer.id
    report.dealt_with_at = utcnow()
    record_audit(officer, "translation.report.done", "translation_report", report.id,
                 before={"status": TRANSLATION_REPORT_NEW}, after={"status": TRANSLATION_REPORT_DONE})
    db.session.commit()
