"""`smaa host …`: serve published cases behind a login enforced by the web server (design §6 "Privacy").
The recipe is in docs/user-guide/workflow.md ("Privacy of the hosted report")."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .base import handle_errors

PASSWORD_ENV = "SMAA_HOST_PASSWORD"
AUTH_DIR_HELP = "Folder of the password files, one per case id (keep it outside the web root)."


@click.group()
def host() -> None:
    """Serve published cases behind a per-case login: an nginx configuration and its password files."""


@host.command()
@click.option("--root", required=True, type=click.Path(path_type=Path),
              help="The publish target: the folder holding one <case-id>/ per case (smaa publish --target).")
@click.option("--auth-dir", required=True, type=click.Path(path_type=Path), help=AUTH_DIR_HELP)
@click.option("--server-name", default="_", show_default=True, help="nginx server_name (your host name).")
@click.option("--listen", help="nginx listen address of the report server. Default: 443 ssl with --tls-cert, else 80 "
                                "(plain HTTP: acceptable on localhost only).")
@click.option("--tls-cert", type=click.Path(path_type=Path), help="TLS certificate (chain) file, e.g. Let's Encrypt's "
                                                                  "fullchain.pem: the server listens with TLS and "
                                                                  "sends HSTS.")
@click.option("--tls-key", type=click.Path(path_type=Path), help="Private key of --tls-cert.")
@click.option("--http-listen", default="80", show_default=True,
              help="With TLS: the plain-HTTP address that only redirects to HTTPS.")
@click.option("--out", type=click.Path(path_type=Path), help="Write the configuration to this file instead of "
                                                               "printing it.")
@handle_errors
def nginx(root: Path, auth_dir: Path, server_name: str, listen: str | None, tls_cert: Path | None,
          tls_key: Path | None, http_listen: str, out: Path | None) -> None:
    """Print an nginx server block that asks for the case's login before serving any file of it."""
    from ..site.hosting import nginx_config

    text = nginx_config(root, auth_dir, server_name=server_name, listen=listen, tls_cert=tls_cert, tls_key=tls_key,
                        http_listen=http_listen)
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.secho(f"Wrote {out}. Check it with `nginx -t`, then reload nginx.", fg="green", err=True)


def _password() -> str:
    """From SMAA_HOST_PASSWORD, or typed twice without echo: never a command-line argument (shell history, ps)."""
    if PASSWORD_ENV in os.environ:  # set but empty is refused as too short, not silently replaced by a prompt
        return os.environ[PASSWORD_ENV]
    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password", err=True)


def _user_command(name: str, per_case: bool = True):
    """`smaa host <name> [CASE_ID] USER --auth-dir DIR`, with smaa's error handling."""
    def wrap(fn):
        fn = handle_errors(fn)
        fn = click.option("--auth-dir", required=True, type=click.Path(path_type=Path), help=AUTH_DIR_HELP)(fn)
        fn = click.argument("user")(fn)
        if per_case:
            fn = click.argument("case_id")(fn)
        return host.command(name)(fn)
    return wrap


@_user_command("add-user")
def add_user(case_id: str, user: str, auth_dir: Path) -> None:
    """Give USER access to CASE_ID (or change their password). The password comes from the SMAA_HOST_PASSWORD
    environment variable, or is asked twice without echo; at least 12 characters."""
    from ..site.hosting import add_user as add

    new = add(auth_dir, case_id, user, _password())
    what = "Added" if new else "Changed the password of"
    click.secho(f"{what} {user} for {case_id} in {auth_dir / case_id}. nginx reads it on the next request.",
                fg="green")


@_user_command("remove-user")
def remove_user(case_id: str, user: str, auth_dir: Path) -> None:
    """Take USER's access to CASE_ID away (effective on the next request)."""
    from ..site.hosting import remove_user as remove

    left = remove(auth_dir, case_id, user)
    click.secho(f"Removed {user} from {case_id}; {left} user(s) left.", fg="green")


@_user_command("add-researcher", per_case=False)
def add_researcher(user: str, auth_dir: Path) -> None:
    """Give USER the research group's login: the portfolio (smaa portfolio --target) and the hosting root. It opens
    no case. The password comes from SMAA_HOST_PASSWORD, or is asked twice without echo; at least 12 characters."""
    from ..site.hosting import GROUP, add_researcher as add

    new = add(auth_dir, user, _password())
    what = "Added" if new else "Changed the password of"
    click.secho(f"{what} researcher {user} in {auth_dir / GROUP}. nginx reads it on the next request.", fg="green")


@_user_command("remove-researcher", per_case=False)
def remove_researcher(user: str, auth_dir: Path) -> None:
    """Take the research group's login from USER (effective on the next request)."""
    from ..site.hosting import remove_researcher as remove

    left = remove(auth_dir, user)
    click.secho(f"Removed researcher {user}; {left} researcher(s) left.", fg="green")
