"""The command line's texts: its help and output (``cli.``), the workflow subcommands (``wf.``),
click's usage errors told again in Dutch (``usage.``) and the operating system's reasons a file
cannot be written (``os.``). Part of the one catalogue (:func:`tafelselectie.texts.messages.text`).
"""

from __future__ import annotations

# code -> (English, Dutch)
CLI: dict[str, tuple[str, str]] = {
    # key: (English, Dutch)
    "cli.cli_help": (
        "Choose a small, representative negotiation table of care providers.",
        "Kies een kleine, representatieve overlegtafel van zorgaanbieders.",
    ),
    "cli.lang_help": ("Language of messages: nl or en.", "Taal van de meldingen: nl of en."),
    "cli.select_help": (
        "Choose the table for POOL (CSV or .xlsx) under the criteria file.",
        "Kies de tafel voor POOL (CSV of .xlsx) volgens het criteriabestand.",
    ),
    "cli.criteria_help": ("The criteria file (TOML).", "Het criteriabestand (TOML)."),
    "cli.backend_help": ("Solver backend.", "Solver-backend."),
    "cli.json_help": (
        "Write the result as JSON to PATH ('-' for standard output).",
        "Schrijf het resultaat als JSON naar PATH ('-' voor standaarduitvoer).",
    ),
    "cli.csv_help": (
        "Write the selected providers as CSV to PATH.",
        "Schrijf de gekozen aanbieders als CSV naar PATH.",
    ),
    "cli.time_help": (
        "Stop the proof after SECONDS; the table is then reported as feasible, not minimal.",
        "Stop het bewijs na SECONDS; de tafel heet dan toelaatbaar, niet minimaal.",
    ),
    "cli.error": ("error", "fout"),
    "cli.warning": ("warning", "waarschuwing"),
    "cli.more": (
        "... and {count, plural, one {# more problem} other {# more problems}}",
        "... en nog {count, plural, one {# probleem} other {# problemen}}",
    ),
    "cli.internal": (
        "internal error ({kind}: {text}); please report this with the input files",
        "interne fout ({kind}: {text}); meld dit graag met de invoerbestanden",
    ),
    "cli.table": ("Table", "Tafel"),
    "cli.status": ("Status", "Status"),
    "cli.status_optimal": ("optimal (proven minimal)", "optimaal (bewezen minimaal)"),
    "cli.status_feasible": (
        "feasible (time limit reached: not proven minimal)",
        "toelaatbaar (tijdslimiet bereikt: niet bewezen minimaal)",
    ),
    "cli.seats": ("Seats", "Zetels"),
    "cli.seats_detail": ("minimum {minimum}", "minimum {minimum}"),
    # stage 1 stopped by the time limit: its table is an upper bound of the minimum, not it
    "cli.seats_detail_between": (
        "minimum not proven: between {low} and {high}",
        "minimum niet bewezen: tussen {low} en {high}",
    ),
    "cli.seats_detail_at_most": (
        "minimum not proven: at most {high}",
        "minimum niet bewezen: hoogstens {high}",
    ),
    # with a cost column stage 1 finds the lowest cost, not the fewest seats
    "cli.cost_detail": ("lowest cost {minimum}", "laagste kosten {minimum}"),
    "cli.cost_detail_between": (
        "lowest cost not proven: between {low} and {high}",
        "laagste kosten niet bewezen: tussen {low} en {high}",
    ),
    "cli.cost_detail_at_most": (
        "lowest cost not proven: at most {high}",
        "laagste kosten niet bewezen: hoogstens {high}",
    ),
    "cli.score": ("Expertise score", "Expertisescore"),
    "cli.share_line": (
        "Share of {where}: {share} ({bounds})",
        "Aandeel van {where}: {share} ({bounds})",
    ),
    "cli.share_min": ("at least {share}", "minstens {share}"),
    "cli.share_max": ("at most {share}", "hoogstens {share}"),
    "cli.selected": ("Selected providers", "Gekozen aanbieders"),
    "cli.cells_count": (
        "{count, plural, one {# cell} other {# cells}}",
        "{count, plural, one {# cel} other {# cellen}}",
    ),
    "cli.included": ("included", "verplicht"),
    "cli.backend_line": (
        "Backend {backend}: {solves} solves, {seconds:.2f} s",
        "Backend {backend}: {solves} oplossingen, {seconds:.2f} s",
    ),
    "cli.infeasible": ("No table meets the criteria:", "Geen tafel voldoet aan de criteria:"),
    "cli.no_solution": (
        "no table was found within the time limit; try a longer --time-limit",
        "binnen de tijdslimiet is geen tafel gevonden; probeer een langere --time-limit",
    ),
    "cli.peildatum": ("peildatum", "peildatum"),
    "cli.explain_help": (
        "Explain the table: indispensable providers, alternatives, prices, why (not) a provider.",
        "Leg de tafel uit: onmisbare aanbieders, alternatieven, prijzen, waarom (niet) een "
        "aanbieder.",
    ),
    "cli.provider_help": (
        "Explain this provider (repeatable).",
        "Leg deze aanbieder uit (herhaalbaar).",
    ),
    "cli.cap_help": (
        "Count equally minimal tables up to this number.",
        "Tel even minimale tafels tot dit aantal.",
    ),
    "cli.indispensable": ("Indispensable", "Onmisbaar"),
    "cli.alternatives": (
        "Could sit at an equally minimal table",
        "Passen in een even minimale tafel",
    ),
    "cli.decisive": ("Cells that decide the size", "Cellen die de omvang bepalen"),
    "cli.explain_hint": (
        "{count, plural, one {# provider is} other {# providers are}} in no minimal table; "
        "--provider ID explains one.",
        "{count, plural, one {# aanbieder zit} other {# aanbieders zitten}} in geen enkele "
        "minimale tafel; --provider ID legt er één uit.",
    ),
    "cli.suggestions": (
        "Smallest change that makes a table possible:",
        "Kleinste aanpassing die een tafel mogelijk maakt:",
    ),
    "cli.history_help": (
        "An earlier table (selection JSON) as history for the rotation policies (repeatable).",
        "Een eerdere tafel (selectie-JSON) als historie voor de rotatieregels (herhaalbaar).",
    ),
    "cli.report_help": (
        "Write the yearly selection report for POOL: one self-contained HTML file (and the same "
        "tables as an Excel workbook).",
        "Schrijf het jaarlijkse selectierapport voor POOL: één zelfstandig HTML-bestand (en "
        "dezelfde tabellen als Excel-werkmap).",
    ),
    "cli.report_lottery_help": (
        "A lottery portfolio (from 'lottery --json') made from the same files: its "
        "probabilities go into the report.",
        "Een lotingsportfolio (van 'lottery --json') gemaakt met dezelfde bestanden: de kansen "
        "komen in het rapport.",
    ),
    "cli.report_out_help": (
        "Write the HTML report to this file.",
        "Schrijf het HTML-rapport naar dit bestand.",
    ),
    "cli.report_xlsx_help": (
        "Also write the report's tables to this workbook, one sheet each.",
        "Schrijf de tabellen van het rapport ook naar deze werkmap, één blad per tabel.",
    ),
    "cli.report_pdf_help": (
        "Also write the report as a tagged PDF (PDF/UA-1); needs the 'pdf' extra.",
        "Schrijf het rapport ook als getagde PDF (PDF/UA-1); vraagt het extra onderdeel 'pdf'.",
    ),
    "cli.report_written": (
        "Report written: {files} (table of {seats, plural, one {# seat} other {# seats}}, "
        "{seconds:.1f} s).",
        "Rapport geschreven: {files} (tafel van {seats, plural, one {# zetel} other {# zetels}}, "
        "{seconds:.1f} s).",
    ),
    "cli.lottery_help": (
        "Compute a fair lottery over the valid tables (maximin or leximin probabilities) and "
        "save it as a portfolio for a public draw.",
        "Bereken een eerlijke loting over de geldige tafels (maximin- of leximin-kansen) en "
        "bewaar die als portefeuille voor een openbare trekking.",
    ),
    "cli.method_help": (
        "leximin (default from the criteria) or maximin.",
        "leximin (standaard uit de criteria) of maximin.",
    ),
    "cli.share_help": (
        "Minimum share of the best expertise score a table needs (0-1).",
        "Minimaal aandeel van de beste expertisescore dat een tafel nodig heeft (0-1).",
    ),
    "cli.lots_help": (
        "Also round the lottery into M equally likely numbered lots for a physical draw.",
        "Rond de loting ook af op M even waarschijnlijke genummerde loten voor een fysieke "
        "trekking.",
    ),
    "cli.lottery_title": ("Lottery", "Loting"),
    "cli.lottery_line": (
        "{method}: {tables} tables of {seats} seats; smallest probability {minimum:.2%}",
        "{method}: {tables} tafels van {seats} zetels; kleinste kans {minimum:.2%}",
    ),
    "cli.margin_help": (
        "Also test every provider whose banded value lies within FRACTION (0.05: 5%) of a band "
        "cut: would the table change on the other side?",
        "Test ook elke aanbieder waarvan de waarde binnen FRACTION (0.05: 5%) van een "
        "klassengrens ligt: verandert de tafel aan de andere kant?",
    ),
    "cli.margin_title": ("Near the band edges", "Bij de klassengrenzen"),
    "cli.margin_line": (
        "  {id}: {dimension} {value} (cut {cut}) {band} -> {other}: {outcome}",
        "  {id}: {dimension} {value} (grens {cut}) {band} -> {other}: {outcome}",
    ),
    "cli.margin_same": ("same table", "dezelfde tafel"),
    "cli.margin_no_table": ("no table", "geen tafel"),
    "cli.margin_new_table": (
        "another table of {seats} seats: {ids}",
        "een andere tafel van {seats} zetels: {ids}",
    ),
    "cli.lottery_highest": (
        "Highest probability of a provider not in every valid table: {maximum:.2%}",
        "Hoogste kans van een aanbieder die niet in elke geldige tafel zit: {maximum:.2%}",
    ),
    "cli.lottery_cap": (
        "Cap (max_probability): {cap:.2%}",
        "Grens (max_probability): {cap:.2%}",
    ),
    "cli.lottery_forced": (
        "In every valid table ({count}, probability 1 by necessity): {ids}",
        "In elke geldige tafel ({count}, kans 1 uit noodzaak): {ids}",
    ),
    "cli.max_probability_help": (
        "Cap every provider's probability at CAP (0 < CAP <= 1), except providers in every valid "
        "table; default: the criteria's lottery.max_probability.",
        "Begrens de kans van elke aanbieder op CAP (0 < CAP <= 1), behalve van aanbieders in elke "
        "geldige tafel; standaard: lottery.max_probability uit de criteria.",
    ),
    "cli.lottery_status_feasible": (
        "time limit reached: the probabilities are not proven leximin",
        "tijdslimiet bereikt: de kansen zijn niet bewezen leximin",
    ),
    "cli.probabilities": ("Selection probabilities", "Selectiekansen"),
    "cli.unreachable": (
        "{count, plural, one {# provider is} other {# providers are}} in no valid table (see "
        "'unreachable' in the JSON).",
        "{count, plural, one {# aanbieder zit} other {# aanbieders zitten}} in geen enkele geldige "
        "tafel (zie 'unreachable' in de JSON).",
    ),
    "cli.rounding": (
        "{lots} numbered lots; largest probability change by rounding {error:.3%}",
        "{lots} genummerde loten; grootste kansverschil door afronding {error:.3%}",
    ),
    "cli.portfolio_saved": (
        "Portfolio sealed with SHA-256 {sha}",
        "Portefeuille verzegeld met SHA-256 {sha}",
    ),
    "cli.draw_help": (
        "Draw the table from a saved portfolio with a public seed (or a physically drawn lot).",
        "Trek de tafel uit een bewaarde portefeuille met een openbare seed (of een fysiek "
        "getrokken lot).",
    ),
    "cli.seed_help": (
        "The public seed, e.g. the numbers drawn at a public meeting.",
        "De openbare seed, bijvoorbeeld de getallen die in een openbare vergadering zijn "
        "getrokken.",
    ),
    "cli.number_help": (
        "A lot number drawn by hand (1..M).",
        "Een met de hand getrokken lotnummer.",
    ),
    "cli.draw_json_help": (
        "Write the draw record as JSON to PATH ('-' for standard output).",
        "Schrijf het trekkingsverslag als JSON naar PATH ('-' voor standaarduitvoer).",
    ),
    "cli.seed_or_number": (
        "give exactly one of --seed and --number",
        "geef precies één van --seed en --number",
    ),
    "cli.drawn": (
        "Drawn: table {table} of {count} (probability {probability:.2%})",
        "Getrokken: tafel {table} van {count} (kans {probability:.2%})",
    ),
    "cli.drawn_lot": ("lot {lot}", "lot {lot}"),
    "cli.verify_help": (
        "Recompute a draw from the portfolio and check it (and, if given, the input files).",
        "Herbereken een trekking uit de portefeuille en controleer haar (en, indien gegeven, "
        "de invoerbestanden).",
    ),
    "cli.verify_pool_help": (
        "The pool file, to check against the portfolio's hash.",
        "Het poolbestand, om te controleren tegen de hash in de portefeuille.",
    ),
    "cli.verify_criteria_help": (
        "The criteria file, to check against the portfolio's hash.",
        "Het criteriabestand, om te controleren tegen de hash in de portefeuille.",
    ),
    "cli.verify_ok": ("Verified: the draw is correct.", "Geverifieerd: de trekking klopt."),
    "cli.verify_failed": ("NOT verified:", "NIET geverifieerd:"),
    "cli.check_portfolio": ("portfolio seal", "zegel van de portefeuille"),
    "cli.check_table": ("drawn table", "getrokken tafel"),
    "cli.check_pool": ("pool file", "poolbestand"),
    "cli.check_criteria": ("criteria file", "criteriabestand"),
    "cli.schema_help": (
        "Print the JSON Schema of an input format (for editors that complete keys and mark "
        "errors while typing).",
        "Druk het JSON Schema van een invoerformaat af (voor editors die sleutels aanvullen en "
        "fouten tijdens het typen aanwijzen).",
    ),
    "cli.schema_out_help": (
        "Write the schema to PATH instead of standard output.",
        "Schrijf het schema naar PATH in plaats van naar de standaarduitvoer.",
    ),
    "cli.convert_help": (
        "Convert the citizens' assembly format (categories.csv, respondents.csv) into a pool "
        "and criteria with exactly SIZE seats.",
        "Zet het burgerberaadformaat (categories.csv, respondents.csv) om in een pool en "
        "criteria met precies SIZE zetels.",
    ),
    "cli.size_help": ("The panel size (exact seats).", "De omvang van het panel (precies)."),
    "cli.out_help": (
        "Directory to write pool.csv and criteria.toml to.",
        "Map voor pool.csv en criteria.toml.",
    ),
    "cli.converted": (
        "Wrote {pool} ({people} people) and {criteria} ({categories} categories).",
        "{pool} ({people} personen) en {criteria} ({categories} categorieën) geschreven.",
    ),
    "wf.help": (
        "The agreement process around the table: proposals, meetings, minutes, opt-in.",
        "Het overlegproces rond de tafel: voorstellen, vergaderingen, verslagen, toetreding.",
    ),
    "wf.db": ("The SQLite file of the process.", "Het SQLite-bestand van het proces."),
    "wf.as": (
        "Who acts: a provider id, gemeente:NAME, or publiek.",
        "Wie handelt: een aanbieder-id, gemeente:NAAM, of publiek.",
    ),
    "wf.on": (
        "The date of the action (YYYY-MM-DD); default today.",
        "De datum van de handeling (JJJJ-MM-DD); standaard vandaag.",
    ),
    "wf.need_as": (
        "this action needs --as (who acts)",
        "deze handeling heeft --as nodig (wie handelt)",
    ),
    "wf.done": ("{action}: {id}", "{action}: {id}"),
    "wf.exported": ("Public export written: {files}", "Publieke export geschreven: {files}"),
    "wf.bad_db": (
        "cannot open {path} as a database: {reason}",
        "kan {path} niet openen als database: {reason}",
    ),
    "wf.open": ("Open proposals", "Open voorstellen"),
    "wf.none": ("none", "geen"),
    "wf.meetings": (
        "Meetings held in {year}: {held} of at least {minimum} ({planned} still planned)",
        "Vergaderingen gehouden in {year}: {held} van minstens {minimum} (nog {planned} gepland)",
    ),
    "wf.short": (
        "Warning: with the meetings planned, the minimum of {minimum} is not reached",
        "Let op: met de geplande vergaderingen wordt het minimum van {minimum} niet gehaald",
    ),
    "wf.members": ("Table on {on}: {members}", "Tafel op {on}: {members}"),
    "wf.no_table": ("no table period covers this date", "geen tafelperiode op deze datum"),
    "wf.deadline": ("reactions until {deadline}", "reageren tot en met {deadline}"),
    "wf.agreements": ("Agreements", "Overeenkomsten"),
    "wf.joined": ("{count} joined", "{count} toegetreden"),
    "os.ENOENT": ("the folder does not exist", "de map bestaat niet"),
    "os.EACCES": ("permission denied", "geen toestemming"),
    "os.EPERM": ("permission denied", "geen toestemming"),
    "os.EISDIR": ("it is a directory", "het is een map"),
    "os.ENOTDIR": ("a part of the path is not a folder", "een deel van het pad is geen map"),
    "os.ENOSPC": ("the disk is full", "de schijf is vol"),
    "os.EROFS": ("the file system is read-only", "het bestandssysteem is alleen-lezen"),
    "usage.missing_option": ("Missing option {name}", "verplichte optie ontbreekt: {name}"),
    "usage.missing_argument": ("Missing argument {name}", "verplicht argument ontbreekt: {name}"),
    "usage.no_such_option": ("No such option: {name}", "onbekende optie: {name}"),
    "usage.did_you_mean": (" (Possible options: {names})", " (bedoelde u {names}?)"),
    "usage.needs_value": (
        "Option {name} requires an argument",
        "optie {name} heeft een waarde nodig",
    ),
    "usage.bad_value": ("Invalid value for {name}", "ongeldige waarde voor {name}"),
    "usage.choose_from": (
        ": {value} is not one of {choices}",
        ": {value} is niet een van {choices}",
    ),
    "usage.whole_number": (": {value} is not a valid integer", ": {value} is geen geheel getal"),
    "usage.number": (": {value} is not a valid float", ": {value} is geen getal"),
    "usage.in_range": (" (allowed: {range})", " (toegestaan: {range})"),
    "usage.no_such_command": ("No such command {name}", "onbekende opdracht: {name}"),
    "usage.extra_arguments": (
        "Got unexpected extra arguments ({names})",
        "onverwachte extra argumenten: {names}",
    ),
}
