"""Password rules: long enough, and not one of the passwords attackers try first."""

import gzip
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

MIN_LENGTH = 12
HERE = Path(__file__).parent
#: Passwords people around Bru would try (the demo's, Norec's name, place names).
COMMON_PASSWORDS_FILE = HERE / "common-passwords.txt"
#: 20,000 passwords from leaked password dumps (see breached-passwords.LICENSE.txt).
BREACHED_PASSWORDS_FILE = HERE / "breached-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    lines += gzip.decompress(BREACHED_PASSWORDS_FILE.read_bytes()).decode().splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def password_problem(password: str, *, email: str = "") -> str | None:
    if len(password) < MIN_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or (email and lowered == email.lower()):
        return str(_l("This password is too common. Choose one that is harder to guess."))
    if len(set(password)) < 4:
        return str(_l("This password is too easy to guess."))
    return None


class StrongPassword:
    """WTForms validator using `password_problem`."""

    def __call__(self, form, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
