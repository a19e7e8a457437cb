"""The README documents every command and option, and its CLI reference is current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click

from workbook.cli.main import cli

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text("utf-8")


def test_readme_starts_with_exactly_the_two_setup_commands() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block is not None
    assert first_block.group(1).split("\n")[:-1] == ["make", "make test"]


def test_cli_reference_in_readme_is_generated_from_help() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_readme.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_command_and_option_is_documented_with_dutch_help() -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert f"workbook {name}" in README
        assert command.help and command.help.split()[0][0].isupper()
        for param in command.params:
            if isinstance(param, click.Option):
                for flag in param.opts:
                    assert flag in README, (name, flag)
                assert param.help, (name, param.opts)


def test_make_targets_named_in_readme_exist() -> None:
    makefile = (REPO / "Makefile").read_text("utf-8")
    for target in set(re.findall(r"`make ([a-z-]+)`", README)):
        assert re.search(rf"^{target}:", makefile, re.M), target
