"""Who may change the store (access.py): the set-up chosen from secrets and environment, and the
decision for a visitor under each, as tables."""
from __future__ import annotations

import os
import sys

import pytest

from displacement import access
from displacement.access import Access, Setup

OIDC = {"redirect_uri": "https://x.streamlit.app/oauth2callback", "cookie_secret": "s",
        "client_id": "id", "client_secret": "cs", "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"}
NAMED = {"redirect_uri": "u", "cookie_secret": "s",
         "microsoft": {"client_id": "m", "client_secret": "x", "server_metadata_url": "u"},
         "google": {"client_id": "g", "client_secret": "x", "server_metadata_url": "u"}}


@pytest.mark.parametrize("auth, secrets, env, want", [
    # sign-in wins over a password and a local run
    (OIDC, {"editor_password": "pw"}, {"DISPLACEMENT_LOCAL": "1"}, Setup("oidc")),
    (NAMED, {}, {}, Setup("oidc", provider="google")),
    (OIDC, {"editors": ["Ann@Example.org", " bo@example.org "]}, {}, Setup("oidc", editors=("ann@example.org", "bo@example.org"))),
    (OIDC, {"editors": "ann@example.org"}, {}, Setup("oidc", editors=("ann@example.org",))),
    # an [auth] section without a provider is no sign-in
    ({"redirect_uri": "u", "cookie_secret": "s"}, {}, {}, Setup("read_only")),
    # the password: the secret first, else the environment
    (None, {"editor_password": "pw"}, {"DISPLACEMENT_EDITOR_PASSWORD": "env"}, Setup("password", password="pw")),
    (None, {}, {"DISPLACEMENT_EDITOR_PASSWORD": "env", "DISPLACEMENT_LOCAL": "1"}, Setup("password", password="env")),
    (None, {"editor_password": "  "}, {}, Setup("read_only")),
    # neither: local when `displacement dashboard` started it, else read-only
    (None, {}, {"DISPLACEMENT_LOCAL": "1"}, Setup("local")),
    ({}, {}, {"DISPLACEMENT_LOCAL": "true"}, Setup("local")),
    (None, {}, {"DISPLACEMENT_LOCAL": "0"}, Setup("read_only")),
    (None, {}, {}, Setup("read_only")),
])
def test_setup(auth, secrets, env, want):
    assert access.setup(auth, secrets, env) == want


@pytest.mark.parametrize("how, kwargs, want", [
    (Setup("oidc"), {"user": {}}, (False, "")),
    (Setup("oidc"), {"user": {"is_logged_in": False, "email": "ann@example.org"}}, (False, "")),
    (Setup("oidc"), {"user": {"is_logged_in": True, "email": "ann@example.org", "name": "Ann Lee"}},
     (True, "ann@example.org")),
    (Setup("oidc"), {"user": {"is_logged_in": True, "name": "Ann  Lee"}}, (True, "Ann Lee")),
    (Setup("oidc", editors=("ann@example.org",)), {"user": {"is_logged_in": True, "email": "Ann@Example.org"}},
     (True, "Ann@Example.org")),
    (Setup("oidc", editors=("ann@example.org",)), {"user": {"is_logged_in": True, "email": "eve@example.org"}},
     (False, "")),
    (Setup("password", password="pw"), {}, (False, "")),
    (Setup("password", password="pw"), {"signed_in_name": " Bo\tChen\x00 "}, (True, "Bo Chen")),
    (Setup("local"), {"os_user": "ann"}, (True, "ann")),
    (Setup("local"), {"os_user": ""}, (True, "local user")),
    (Setup("read_only"), {"signed_in_name": "Bo", "os_user": "ann"}, (False, "")),
])
def test_decide(how, kwargs, want):
    got = access.decide(how, **kwargs)
    assert isinstance(got, Access) and (got.can_edit, got.editor) == want and got.mode == how.mode
    assert got.message


def test_read_only_and_outsiders_are_told_why():
    assert "read-only" in access.decide(Setup("read_only")).message
    outsider = access.decide(Setup("oidc", editors=("ann@example.org",)),
                             user={"is_logged_in": True, "email": "eve@example.org"})
    assert outsider.message == "Signed in as eve@example.org, who is not an editor of this page: reading only."


@pytest.mark.parametrize("name, password, want", [
    ("Bo Chen", "pw", "Bo Chen"),
    ("  Bo   Chen ", "pw", "Bo Chen"),
    ("x" * 300, "pw", "x" * 100),
    ("Bo", "PW", ValueError("Wrong editor password.")),
    ("Bo", "", ValueError("Wrong editor password.")),
    ("Bo", None, ValueError("Wrong editor password.")),
    ("", "pw", ValueError("Type your name: it is recorded with every upload and review.")),
    ("   ", "pw", ValueError("Type your name: it is recorded with every upload and review.")),
])
def test_check_sign_in(name, password, want):
    how = Setup("password", password="pw")
    if isinstance(want, Exception):
        with pytest.raises(ValueError) as err:
            access.check_sign_in(how, name, password)
        assert str(err.value) == str(want)
    else:
        assert access.check_sign_in(how, name, password) == want


def test_no_password_set_up_refuses_a_sign_in():
    with pytest.raises(ValueError, match="no editor password"):
        access.check_sign_in(Setup("local"), "Bo", "pw")


@pytest.mark.parametrize("given, expected, want", [
    ("pw", "pw", True), ("pw ", "pw", False), ("", "", False), (None, "pw", False), ("pw", None, False),
    ("pässword", "pässword", True),
])
def test_password_matches(given, expected, want):
    assert access.password_matches(given, expected) is want


def test_the_cli_marks_a_dashboard_run_as_local(monkeypatch):
    """`displacement dashboard` execs streamlit with DISPLACEMENT_LOCAL=1 in its environment."""
    from displacement import cli

    seen = {}
    monkeypatch.delenv("DISPLACEMENT_LOCAL", raising=False)
    monkeypatch.setattr(os, "chdir", lambda path: None)
    monkeypatch.setattr(os, "execv", lambda exe, argv: seen.update(exe=exe, argv=argv, local=os.environ.get("DISPLACEMENT_LOCAL")))
    assert cli.main(["dashboard", "--port", "8599"]) == 0
    assert seen["local"] == "1"
    assert seen["argv"][:3] == [sys.executable, "-m", "streamlit"] and seen["argv"][-2:] == ["--server.port", "8599"]
