"""The `workbook` command: click options → one stage → an exit code. Nothing else."""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path

import click

from workbook import __version__
from workbook.base import interrupt
from workbook.base.errors import Interrupted, WorkbookError
from workbook.cli import click_dutch as i18n

INTERRUPTED = "Afgebroken door de gebruiker (Ctrl-C); bestaande uitvoer is niet gewijzigd."
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTS = "[OPTIES]"


class Commands(click.Group):
    """The commands in `workbook --help` with their whole first sentence, wrapped, never cut
    off with "…"."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1_000)))
        if rows:
            with formatter.section(i18n.gettext("Commands")):
                formatter.write_dl(rows)


@click.group(
    cls=Commands,
    context_settings=CONTEXT,
    options_metavar=OPTS,
    subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
)
@click.version_option(
    __version__,
    "--version",
    prog_name="workbook",
    message="%(prog)s, versie %(version)s",
    help="Toon de versie en stop.",
)
@click.option("--debug", is_flag=True, help="Toon bij een interne fout de volledige traceback.")
def cli(debug: bool) -> None:
    """Maak van praktijkvoorbeelden (YAML) een werkboek: PDF, EPUB en website.

    Begin met 'workbook check' in de map van het project; 'workbook build' maakt daarna
    de bestanden in dist/.
    """


@cli.command(context_settings=CONTEXT, options_metavar=OPTS)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PAD]...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Vorm van de meldingen: tekst, JSON of GitHub Actions.",
)
@click.option("--strict", is_flag=True, help="Behandel waarschuwingen als fouten (exitcode 1).")
def check(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Controleer een project (standaard de huidige map) of losse YAML-bestanden.

    Meldt alle problemen in alle bestanden in één keer, met bestand, regel en kolom.
    Exitcode 0: in orde; 1: fouten gevonden (of waarschuwingen met --strict).
    """
    from workbook.check.report import format_github, format_json, format_text
    from workbook.check.run import check_paths

    result = check_paths(list(paths) or [Path(".")])
    if fmt == "json":
        click.echo(format_json(result.diagnostics))
    elif fmt == "github":
        if result.diagnostics:
            click.echo(format_github(result.diagnostics))
    else:
        click.echo(format_text(result.diagnostics, result.files))
    sys.exit(1 if result.failed(strict) else 0)


@cli.command(context_settings=CONTEXT, options_metavar=OPTS)
@click.argument("project", default=".", type=click.Path(path_type=Path), metavar="[PROJECT]")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    metavar="MAP",
    help="Map voor de uitvoer (standaard PROJECT/dist).",
)
@click.option(
    "--format",
    "formats",
    default="pdf,epub,html",
    show_default=True,
    metavar="LIJST",
    help="Welke uitvoer, gescheiden door komma's: pdf, epub, html.",
)
@click.option(
    "--print",
    "print_pdf",
    is_flag=True,
    help="Maak ook de drukversie voor de drukker (<naam>-druk.pdf): PDF/X-4 in CMYK, met "
    "afloop en snijtekens.",
)
@click.option("--drafts", is_flag=True, help="Neem ook concepten (concept: true) op.")
@click.option("--strict", is_flag=True, help="Bouw niet als er waarschuwingen zijn.")
@click.option("-q", "--quiet", is_flag=True, help="Toon alleen fouten, geen voortgang.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=None,
    metavar="N",
    help="Maak de PDF op in N processen tegelijk (standaard: alle beschikbare kernen, een "
    "boek met minder dan 8 voorbeelden in één proces; -j 1: in één proces). De uitkomst is "
    "gelijk.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Maak alles opnieuw op, zonder de opgeslagen onderdelen in dist/.cache/ te gebruiken.",
)
@click.option(
    "--uitgave",
    "editions",
    multiple=True,
    metavar="ID",
    help="Maak alleen deze uitgave uit workbook.yaml (uitgaven:), niet het hele werkboek en "
    "de website; mag vaker. Zonder --uitgave: het werkboek, de website en elke uitgave.",
)
@click.option(
    "--sinds",
    "--since",
    "since",
    metavar="BESTAND|git:VERSIE",
    help="Vergelijk met deze vorige uitgave voor het hoofdstuk 'Nieuw in deze uitgave': het "
    "uitgavebestand (.uitgave.json) dat de build toen in dist/ schreef, of git:VERSIE (een "
    "tak, tag of commit van dit project). Gaat voor vorige_uitgave in workbook.yaml.",
)
def build(
    project: Path,
    output: Path | None,
    formats: str,
    print_pdf: bool,
    drafts: bool,
    strict: bool,
    quiet: bool,
    jobs: int | None,
    no_cache: bool,
    editions: tuple[str, ...],
    since: str | None,
) -> None:
    """Controleer het project en maak het werkboek: PDF, EPUB en website in dist/.

    Ook elke uitgave (reader) uit workbook.yaml wordt gemaakt, als
    <naam>-<uitgave>.pdf (en .epub). Bij fouten in de inhoud wordt niets geschreven
    (exitcode 1); bestaande bestanden blijven dan staan.
    """
    from workbook.build.options import BuildOptions, parse_formats
    from workbook.build.run import run_build

    options = BuildOptions(
        project=project,
        output=output,
        formats=parse_formats(formats),
        print_pdf=print_pdf,
        drafts=drafts,
        strict=strict,
        quiet=quiet,
        jobs=jobs,
        use_cache=not no_cache,
        editions=frozenset(editions) if editions else None,
        since=since,
    )
    sys.exit(run_build(options))


@cli.command(context_settings=CONTEXT, options_metavar=OPTS)
@click.argument("old", metavar="OUD")
@click.argument("new", metavar="NIEUW")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Tekst voor mensen of JSON voor scripts.",
)
def diff(old: str, new: str, fmt: str) -> None:
    """Toon wat er veranderd is tussen twee uitgaven: nieuw, bijgewerkt, niet meer opgenomen.

    OUD en NIEUW zijn elk een uitgavebestand (.uitgave.json, dat elke build in dist/
    schrijft), een projectmap, of git:VERSIE: dit project (de huidige map) zoals het was
    bij een tak, tag of commit. Bijvoorbeeld: workbook diff git:v2025 . of workbook diff
    uitgaven/2025.uitgave.json dist/werkboek.uitgave.json. Exitcode 0, met een
    samenvatting op de laatste regel.
    """
    from workbook.build.diff import run_diff

    report, summary = run_diff(old, new, Path("."), fmt)
    click.echo(report)
    if fmt == "json":
        click.echo(summary, err=True)
    else:
        click.echo(f"\n{summary}")


@cli.command(context_settings=CONTEXT, options_metavar=OPTS)
@click.argument("folder", type=click.Path(path_type=Path), metavar="MAP")
@click.option("--title", metavar="TITEL", help="De titel van het boek (later te wijzigen).")
@click.option(
    "--publisher", metavar="NAAM", help="De uitgever: uw organisatie (later te wijzigen)."
)
def init(folder: Path, title: str | None, publisher: str | None) -> None:
    """Begin een nieuw werkboek in een nieuwe of lege map.

    Maakt workbook.yaml met uitleg bij elk veld, een map per thema met een uitgewerkt
    voorbeeld, LEESMIJ.md, pre-commit en CI-sjablonen. Het project wordt meteen
    goedgekeurd door 'workbook check' en 'workbook build'.
    """
    from workbook.scaffold.init import init_project

    click.echo(init_project(folder, title=title, publisher=publisher))


@cli.command(context_settings=CONTEXT, options_metavar=OPTS)
@click.argument("file", type=click.Path(path_type=Path), metavar="BESTAND")
@click.option(
    "--theme",
    "theme",
    required=True,
    metavar="ID",
    help="Het thema (id uit workbook.yaml) waarin het voorbeeld komt.",
)
def new(file: Path, theme: str) -> None:
    """Maak een nieuw, leeg praktijkvoorbeeld met uitleg bij elk veld.

    Het bestand wordt niet overschreven als het al bestaat. 'workbook check' keurt het
    af tot alle verplichte velden zijn ingevuld.
    """
    from workbook.scaffold.new import write_template

    click.echo(write_template(file, theme))


@cli.command(context_settings=CONTEXT, options_metavar=OPTS)
@click.option(
    "--book", is_flag=True, help="Het schema van workbook.yaml in plaats van een praktijkvoorbeeld."
)
def schema(book: bool) -> None:
    """Druk het JSON Schema (draft 2020-12) van een praktijkvoorbeeld af.

    Dit is hetzelfde schema waarmee 'workbook check' controleert; editors gebruiken het
    voor aanvullen en controleren tijdens het typen.
    """
    from workbook.schema import schema_text

    click.echo(schema_text(book), nl=False)


@cli.command(context_settings=CONTEXT, options_metavar=OPTS)
@click.argument("project", default=".", type=click.Path(path_type=Path), metavar="[PROJECT]")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    metavar="POORT",
    help="Poort op 127.0.0.1.",
)
@click.option("--drafts", is_flag=True, help="Toon ook concepten.")
@click.option(
    "--no-pdf",
    is_flag=True,
    help="Houd geen PDF bij (sneller bij een trage computer); de site werkt gewoon.",
)
def serve(project: Path, port: int, drafts: bool, no_pdf: bool) -> None:
    """Bouw de website, toon hem op http://127.0.0.1:POORT en bouw opnieuw bij elke wijziging.

    De geopende pagina ververst vanzelf. Stoppen met Ctrl-C.
    """
    from workbook.serve.run import serve as run_serve

    sys.exit(run_serve(project, port=port, drafts=drafts, pdf=not no_pdf))


def entry() -> None:
    """The `workbook` command (and `python -m workbook`): `main`, in a process of its own.

    Registered first, the freeze runs after every other exit handler: the interpreter's
    last garbage collection would walk every object a build made (half a second after a
    large book) only to free memory that goes back to the system with the process anyway.
    """
    atexit.register(gc.freeze)
    main()


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps every failure to the contract's exit codes, without tracebacks."""
    i18n.install()
    interrupt.install()
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="workbook", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C inside a command into Abort (after printing a newline).
        ctrl_c = isinstance(exc.__cause__, KeyboardInterrupt)
        click.echo(INTERRUPTED if ctrl_c else "Afgebroken.", err=True)
        sys.exit(130)
    except (KeyboardInterrupt, Interrupted):
        click.echo(INTERRUPTED, err=True)
        sys.exit(130)
    except WorkbookError as exc:
        click.echo(f"fout: {exc.message}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"interne fout: {type(exc).__name__}: {exc} — dit is een fout in workbook; "
            "draai opnieuw met --debug en meld de uitvoer",
            err=True,
        )
        sys.exit(3)
    sys.exit(0)
