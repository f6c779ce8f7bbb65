"""The aftercare sheet: one A4 page in the client's language, handed over after a session.

What it holds: the clinic's name and contact (settings); the treatment with its date and time; what to
expect after this kind of treatment (B, with D2 after a massage or D3 after trigger-point therapy);
when to call the emergency number, when a doctor (own doctor or the region's out-of-hours line, X1),
when the clinic; and the follow-up link as a QR code with the link below it in text. Nothing the client
did not already know: no risk notes, no disclosed conditions, no therapist's note.

fpdf2 writes the PDF with a Unicode TrueType font (DejaVu Sans, Debian's fonts-dejavu-core), so æ, ø
and å render; segno draws the QR code. Texts come from the engine's catalogue (logic/texts/aftercare.py), every
number from the settings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import follow_up
from .models import Language, Treatment
from .settings import ClinicSettings
from .texts import translate
from .texts.vocabulary import word

if TYPE_CHECKING:
    from .storage import Storage
    from .storage.follow_ups import LinkRecord

FONT_ENV = "REAKTIONSGUIDE_FONT_DIR"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"
# D2 after the ordinary massages, D3 after trigger-point therapy.
EXPECT_BY_TREATMENT = {
    Treatment.relaxation_massage: "aftercare.expect.d2",
    Treatment.deep_massage: "aftercare.expect.d2",
    Treatment.trigger_point_therapy: "aftercare.expect.d3",
}


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Sheet:
    """What the sheet says about the session (nothing else of the record)."""

    treatment: Treatment
    neck_treatment: bool
    session_date: dt.date
    treated_at: dt.datetime | None  # known time of day, else None (the date only)
    link: str
    link_expires: dt.datetime
    lang: Language


def font_dir() -> Path:
    configured = os.environ.get(FONT_ENV)
    for folder in ([Path(configured)] if configured else []) + list(FONT_DIRS):
        if (folder / FONT).is_file() and (folder / FONT_BOLD).is_file():
            return folder
    raise FontMissing(
        f"{FONT} not found in {', '.join(map(str, FONT_DIRS))} (install fonts-dejavu-core or set {FONT_ENV})"
    )


def qr_png(link: str) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(link, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def texts(sheet: Sheet, settings: ClinicSettings) -> dict[str, object]:
    """The sheet's texts in its language, in order: a dict of section -> text (or lines)."""
    lang = sheet.lang

    def tr(key: str, **values: object) -> str:
        return translate(key, lang, **values)

    when = sheet.session_date.isoformat()
    if sheet.treated_at is not None:
        when = sheet.treated_at.astimezone().strftime("%Y-%m-%d %H:%M")
    contact = []
    if settings.clinic_phone:
        contact.append(tr("aftercare.contact.phone", phone=settings.clinic_phone))
    if settings.clinic_email:
        contact.append(tr("aftercare.contact.email", email=settings.clinic_email))
    if settings.clinic_opening_hours:
        contact.append(tr("aftercare.contact.hours", hours=settings.clinic_opening_hours))
    phones = settings.phone_values(lang)
    return {
        "title": tr("aftercare.title"),
        "clinic": settings.clinic_name,
        "treatment": tr("aftercare.treatment", treatment=word(sheet.treatment, lang), when=when),
        "neck": tr("aftercare.neck") if sheet.neck_treatment else "",
        "expect_title": tr("aftercare.expect.title"),
        "expect": [tr("aftercare.expect.b"), tr(EXPECT_BY_TREATMENT[sheet.treatment])],
        "help_title": tr("aftercare.help.title"),
        "help": [
            tr("aftercare.help.emergency", **phones),
            tr("aftercare.help.doctor", **phones),
            tr("aftercare.help.clinic"),
        ],
        "contact_title": tr("aftercare.contact.title"),
        "contact": contact,
        "link_title": tr("aftercare.link.title"),
        "link_text": tr("aftercare.link.text", until=sheet.link_expires.astimezone().strftime("%Y-%m-%d")),
        "link": sheet.link,
        "note": tr("aftercare.note"),
    }


def build_pdf(sheet: Sheet, settings: ClinicSettings) -> bytes:
    """The sheet as a one-page A4 PDF."""
    from fpdf import FPDF

    words = texts(sheet, settings)
    folder = font_dir()
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(18, 16, 18)
    pdf.add_font("DejaVu", "", str(folder / FONT))
    pdf.add_font("DejaVu", "B", str(folder / FONT_BOLD))
    pdf.set_title(str(words["title"]))
    pdf.set_lang(sheet.lang)
    pdf.set_creator(str(words["clinic"]))
    pdf.add_page()
    width = pdf.epw

    def heading(text: object, size: float = 12.5) -> None:
        pdf.ln(2.5)
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(width, 6.5, str(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)

    def paragraph(text: object, size: float = 10) -> None:
        if text:
            pdf.set_font("DejaVu", "", size)
            pdf.multi_cell(width, 5, str(text), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.2)

    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(width, 9, str(words["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(width, 6.5, str(words["clinic"]), new_x="LMARGIN", new_y="NEXT")
    paragraph(words["treatment"], 11)
    paragraph(words["neck"])
    heading(words["expect_title"])
    for line in words["expect"]:  # type: ignore[attr-defined]
        paragraph(line)
    heading(words["help_title"])
    for line in words["help"]:  # type: ignore[attr-defined]
        paragraph(line)
    heading(words["contact_title"])
    paragraph("\n".join(words["contact"]))  # type: ignore[arg-type]

    heading(words["link_title"])
    top = pdf.get_y()
    qr_size = 42
    pdf.image(io.BytesIO(qr_png(sheet.link)), x=pdf.l_margin, y=top, w=qr_size, h=qr_size)
    pdf.set_xy(pdf.l_margin + qr_size + 6, top + 2)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width - qr_size - 6, 5, str(words["link_text"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top + qr_size) + 1)
    pdf.set_font("DejaVu", "B", 8.5)  # the link below the code, as typed into a browser (one line unless very long)
    pdf.multi_cell(width, 5, str(words["link"]), new_x="LMARGIN", new_y="NEXT", link=str(words["link"]))
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 8.5)
    pdf.multi_cell(width, 4.2, str(words["note"]), new_x="LMARGIN", new_y="NEXT")
    if pdf.page_no() != 1 or pdf.get_y() > pdf.h - 8:
        raise ValueError("the aftercare sheet does not fit on one page")
    return bytes(pdf.output())


def for_session(
    storage: Storage, client_id: int, session_id: int | None = None, lang: Language | None = None,
    now: dt.datetime | None = None,
) -> tuple[bytes, str, LinkRecord]:  # fmt: skip
    """A new follow-up link for the session (default: the client's latest) and its sheet, in `lang`, else
    the client's preferred language, else Danish. Returns (the PDF, the link, the link's record)."""
    from .storage import follow_ups

    font_dir()  # before a link is made for a sheet that cannot be written
    settings = storage.settings
    lang = lang or follow_ups.preferred_language(storage, client_id) or "da"  # type: ignore[assignment]
    token, record = follow_ups.create_link(storage, client_id, session_id, now)
    session = next(s for s in storage.list_sessions(client_id) if s.id == record.session_id)
    treated = follow_up.treated_at(session.date, session.created_at)
    known_time = treated if treated == session.created_at.astimezone(dt.UTC) else None
    address = follow_up.link(settings.public_url, token)
    sheet = Sheet(
        treatment=Treatment(session.treatment), neck_treatment=session.neck_treatment, session_date=session.date,
        treated_at=known_time, link=address, link_expires=record.expires_at, lang=lang,  # type: ignore[arg-type]
    )  # fmt: skip
    return build_pdf(sheet, settings), address, record


# --- `python -m logic aftercare CLIENT_ID [--session ID] [--lang da|en] --out FILE` ---


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser("aftercare", help="a client's aftercare sheet (PDF) with a new follow-up link")
    command.add_argument("client_id", type=int)
    command.add_argument("--session", type=int, default=None, help="the session (default: the client's latest)")
    command.add_argument("--lang", choices=("da", "en"), default=None, help="default: the client's language")
    command.add_argument("--out", type=Path, required=True, help="the PDF file to write (0600)")
    command.add_argument("--database-url", default=None, help="SQLAlchemy URL (default: the clinic settings)")
    command.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    from .auth import clinic_settings
    from .auth.cli import _open
    from .storage.cli import guarded
    from .storage.files import write_private

    def action() -> int:
        try:
            with _open(args) as storage:
                storage.settings = clinic_settings.effective(storage, storage.settings)  # an admin's contact details
                pdf, _, record = for_session(storage, args.client_id, args.session, args.lang)
        except FontMissing as error:
            print(error, file=sys.stderr)
            return 1
        path = write_private(args.out, pdf)
        expires = record.expires_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(
            f"{path}: aftercare sheet of session {record.session_id}, follow-up link {record.id} valid until {expires}"
        )
        return 0

    return guarded(action)
