"""Secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) with a key kept outside the database.

Why: a database dump (or a backup of it) alone must not reveal an ad-account token. The key comes from
HOOKLINE_SECRET_KEY (a urlsafe-base64 Fernet key, for deployments whose boxes share one database), else from
`secret.key` in the Hookline home, created with mode 0600 on first use. Lose the key and stored tokens cannot be
read: reconnect (`hookline connect meta ...`).
"""

from __future__ import annotations

import os
from pathlib import Path

from tools.core.errors import InputError, NotConfiguredError
from tools.core.settings import Settings

KEY_FILE = "secret.key"


def _key(settings: Settings, *, create: bool) -> bytes:
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().strip().encode("ascii")
    path = Path(settings.home) / KEY_FILE
    if path.is_file():
        return path.read_bytes().strip()
    if not create:
        raise NotConfiguredError(f"No secret key: neither HOOKLINE_SECRET_KEY nor {path} exists, so stored tokens "
                                 "cannot be read; reconnect with `hookline connect meta ...`.")
    from cryptography.fernet import Fernet

    settings.ensure_home()
    key = Fernet.generate_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key + b"\n")
    return key


def _fernet(settings: Settings, *, create: bool):  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet

    try:
        return Fernet(_key(settings, create=create))
    except ValueError as exc:
        raise InputError("HOOKLINE_SECRET_KEY is not a Fernet key: expected 32 url-safe base64-encoded bytes "
                         "(make one with `python -c \"from cryptography.fernet import Fernet; "
                         "print(Fernet.generate_key().decode())\"`).", field="secret_key") from exc


def encrypt(settings: Settings, secret: str) -> str:
    return _fernet(settings, create=True).encrypt(secret.encode("utf-8")).decode("ascii")


def decrypt(settings: Settings, ciphertext: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return _fernet(settings, create=False).decrypt(ciphertext.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise NotConfiguredError("The stored token cannot be decrypted with this installation's secret key (it "
                                 "changed since `hookline connect`); reconnect with `hookline connect meta ...`.") \
            from exc
