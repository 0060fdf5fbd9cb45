"""Who may change the store from the page (issue 15), pure: reading is open to anyone who can
open the page; uploading articles and reviewing figures need an editor.

Three set-ups, chosen from the page's secrets and environment (``setup``), first match wins:

1. **Sign-in** (``oidc``): secrets.toml has an ``[auth]`` section (Streamlit's OpenID Connect
   sign-in, ``st.login``). A signed-in user is an editor, named by their e-mail (else name);
   an ``editors`` secret (a list of e-mail addresses) limits editing to those users.
2. **Editor password** (``password``): an ``editor_password`` secret, else the environment
   variable ``DISPLACEMENT_EDITOR_PASSWORD``. An editor types their name and the password in
   the sidebar; the name is recorded with every write.
3. **Local** (``local``): neither, and the page was started by ``displacement dashboard``,
   which sets ``DISPLACEMENT_LOCAL=1`` for the Streamlit process: the person at the machine is
   the editor, named by their operating-system user.

Anything else (``read_only``: a hosted page with neither sign-in nor password) can only be read.

Nothing here reads Streamlit, the environment or the clock: the page passes them in.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any, Mapping, Optional

LOCAL_ENV = "DISPLACEMENT_LOCAL"
PASSWORD_ENV = "DISPLACEMENT_EDITOR_PASSWORD"
PASSWORD_SECRET = "editor_password"
EDITORS_SECRET = "editors"

MODES = ("oidc", "password", "local", "read_only")
MAX_NAME = 100


@dataclass(frozen=True)
class Setup:
    """How this page decides who edits. ``provider`` is the name to pass to ``st.login`` when
    ``[auth]`` holds several providers (None: the one top-level provider); ``editors`` the
    e-mail addresses allowed to edit under sign-in (empty: every signed-in user)."""

    mode: str
    password: Optional[str] = None
    provider: Optional[str] = None
    editors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Access:
    """The decision for one visitor: whether they may upload and review, under which name the
    store records their writes, and a sentence the sidebar shows."""

    can_edit: bool
    editor: str
    mode: str
    message: str


def _truthy(value: Optional[str]) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def auth_provider(auth: Mapping[str, Any]) -> Optional[str]:
    """The provider ``st.login`` should use: None when ``[auth]`` itself holds the provider's
    ``client_id``, else the first ``[auth.NAME]`` section that does (sorted by name)."""
    if auth.get("client_id"):
        return None
    named = sorted(name for name, value in auth.items() if isinstance(value, Mapping) and value.get("client_id"))
    return named[0] if named else None


def auth_configured(auth: Optional[Mapping[str, Any]]) -> bool:
    """Whether an ``[auth]`` section configures a provider Streamlit can sign in with."""
    if not auth:
        return False
    return bool(auth.get("client_id")) or any(isinstance(v, Mapping) and v.get("client_id") for v in auth.values())


def setup(auth: Optional[Mapping[str, Any]], secrets: Mapping[str, Any], env: Mapping[str, str]) -> Setup:
    """The set-up from the ``[auth]`` secrets section, the other secrets and the environment."""
    if auth_configured(auth):
        raw = secrets.get(EDITORS_SECRET) or ()
        editors = tuple(sorted({str(e).strip().lower() for e in ([raw] if isinstance(raw, str) else raw) if str(e).strip()}))
        return Setup("oidc", provider=auth_provider(auth), editors=editors)
    password = secrets.get(PASSWORD_SECRET) or env.get(PASSWORD_ENV)
    if password and str(password).strip():
        return Setup("password", password=str(password))
    if _truthy(env.get(LOCAL_ENV)):
        return Setup("local")
    return Setup("read_only")


def password_matches(given: Optional[str], expected: Optional[str]) -> bool:
    """Constant-time comparison; an empty password never matches."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def clean_name(name: Optional[str]) -> str:
    """An editor's name as recorded: spaces collapsed, control characters dropped, at most
    ``MAX_NAME`` characters."""
    text = "".join(" " if c.isspace() else c for c in str(name or "") if c.isspace() or c.isprintable())
    return " ".join(text.split())[:MAX_NAME]


def user_name(user: Mapping[str, Any]) -> str:
    """How a signed-in user is named in the store: e-mail, else name, else subject."""
    for key in ("email", "name", "sub"):
        value = clean_name(user.get(key))
        if value:
            return value
    return ""


def decide(
    how: Setup,
    *,
    user: Mapping[str, Any] | None = None,
    signed_in_name: Optional[str] = None,
    os_user: Optional[str] = None,
) -> Access:
    """Whether this visitor may edit, and as whom.

    ``user``: ``st.user`` as a dict (sign-in); ``signed_in_name``: the name an editor gave with
    the right password this session (None until then); ``os_user``: the operating-system user
    (local runs)."""
    if how.mode == "oidc":
        user = user or {}
        if not user.get("is_logged_in"):
            return Access(False, "", "oidc", "Sign in to upload articles and review figures.")
        name = user_name(user)
        if how.editors and name.lower() not in how.editors:
            return Access(False, "", "oidc", f"Signed in as {name}, who is not an editor of this page: reading only.")
        return Access(True, name, "oidc", f"Signed in as {name}.")
    if how.mode == "password":
        name = clean_name(signed_in_name)
        if not name:
            return Access(False, "", "password", "Editors sign in with their name and the editor password.")
        return Access(True, name, "password", f"Editing as {name}.")
    if how.mode == "local":
        name = clean_name(os_user) or "local user"
        return Access(True, name, "local", f"Local run: editing as {name}.")
    return Access(False, "", "read_only",
                  "This page is read-only: uploading and reviewing need an editor "
                  "(set an editor password or sign-in; see the README).")


def check_sign_in(how: Setup, name: Optional[str], password: Optional[str]) -> str:
    """The name to sign in under with the editor password, or raise ``ValueError`` saying what
    is wrong (no name, wrong password)."""
    if how.mode != "password":
        raise ValueError("this page has no editor password")
    cleaned = clean_name(name)
    if not cleaned:
        raise ValueError("Type your name: it is recorded with every upload and review.")
    if not password_matches(password, how.password):
        raise ValueError("Wrong editor password.")
    return cleaned

