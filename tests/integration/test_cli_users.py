"""`flask --app portal users create`: the password comes from a prompt or stdin, never argv."""

from __future__ import annotations

from portal.domain.people import accounts
from portal.models import Role

ARGS = [
    "users",
    "create",
    "--email",
    "Helen.Ashworth@Kingsmere.gov.uk",
    "--first-name",
    "Helen",
    "--last-name",
    "Ashworth",
    "--role",
    "admin",
]
PASSWORD = "a strong passphrase for helen"


def test_creating_an_account_with_the_password_on_stdin(app):
    result = app.test_cli_runner().invoke(
        args=[*ARGS, "--role", "clerk", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Created helen.ashworth@kingsmere.gov.uk (admin, clerk)"
    helen = accounts.find_user_by_email("helen.ashworth@kingsmere.gov.uk")
    assert helen.roles == {Role.ADMIN, Role.CLERK}
    assert accounts.authenticate(helen.email, PASSWORD) is helen
    assert PASSWORD not in result.output


def test_creating_an_account_with_the_password_typed_at_a_prompt(app):
    result = app.test_cli_runner().invoke(args=ARGS, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output
    assert "Repeat for confirmation:" in result.output
    assert PASSWORD not in result.output  # the prompt hides what is typed
    assert accounts.authenticate("helen.ashworth@kingsmere.gov.uk", PASSWORD) is not None


def test_a_weak_password_is_refused_and_nothing_is_created(app):
    result = app.test_cli_runner().invoke(args=[*ARGS, "--password-stdin"], input="short\n")
    assert result.exit_code != 0
    assert "Password must be 12 characters or more" in result.output
    assert accounts.find_user_by_email("helen.ashworth@kingsmere.gov.uk") is None


def test_an_address_already_in_use_is_refused(app, admin):
    args = [
        "users",
        "create",
        "--email",
        admin.email,
        "--first-name",
        "A",
        "--last-name",
        "B",
        "--role",
        "admin",
        "--password-stdin",
    ]
    result = app.test_cli_runner().invoke(args=args, input=PASSWORD + "\n")
    assert result.exit_code != 0
    assert "There is already an account with that e-mail address" in result.output


def test_there_is_no_password_option(app):
    result = app.test_cli_runner().invoke(args=[*ARGS, "--password", PASSWORD])
    assert result.exit_code != 0
    assert "No such option '--password'" in result.output
