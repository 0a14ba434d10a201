"""The report's words in Dutch (the default, for the council) and English.

Kept apart from the CLI's messages: these are headings and sentences of a document, filled with
``str.format`` parameters, looked up with :func:`say`. A test checks both languages have every key.
"""

from __future__ import annotations

# key -> (English, Dutch)
TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Selection report", "Selectierapport"),
    "subtitle": (
        "Who sits at the physical table, and why",
        "Wie er aan de fysieke overlegtafel zit, en waarom",
    ),
    "contents": ("Contents", "Inhoud"),
    # summary
    "summary": ("Summary", "Samenvatting"),
    "peildatum": ("Reference date (peildatum)", "Peildatum"),
    "no_peildatum": ("none (every provider in the file)", "geen (elke aanbieder in het bestand)"),
    "pool_size": ("Providers in the pool", "Aanbieders in de pool"),
    "excluded_count": ("excluded by the criteria", "uitgesloten door de criteria"),
    "seats": ("Seats at the table", "Zetels aan de tafel"),
    "expertise_score": ("Expertise score", "Expertisescore"),
    "status": ("Status", "Status"),
    "status_optimal": (
        "optimal: proven to be the smallest table that meets every criterion",
        "optimaal: bewezen de kleinste tafel die aan elk criterium voldoet",
    ),
    "status_feasible": (
        "feasible: meets every criterion, but the time limit stopped the proof that it is minimal",
        "toelaatbaar: voldoet aan elk criterium, maar de tijdslimiet stopte het bewijs dat ze "
        "minimaal is",
    ),
    "summary_text": (
        "The table has {seats} seats. {count}.",
        "De tafel heeft {seats} zetels. {count}.",
    ),
    # criteria
    "criteria": ("The criteria in plain language", "De criteria in gewone taal"),
    "criteria_file": ("Criteria", "Criteria"),
    "c_seats_exact": ("The table has exactly {n} seats.", "De tafel heeft precies {n} zetels."),
    "c_seats_range": (
        "The table has at least {low} and at most {high} seats, and as few as possible.",
        "De tafel heeft minstens {low} en hoogstens {high} zetels, en zo weinig mogelijk.",
    ),
    "c_seats_max": (
        "The table has at most {high} seats, and as few as possible.",
        "De tafel heeft hoogstens {high} zetels, en zo weinig mogelijk.",
    ),
    "c_seats_min": (
        "The table has at least {low} seats, and as few as possible.",
        "De tafel heeft minstens {low} zetels, en zo weinig mogelijk.",
    ),
    "c_dimension": (
        "Every value of {name} (column '{column}') has at least {low} seat(s){high} at the table.",
        "Elke waarde van {name} (kolom '{column}') heeft minstens {low} zetel(s){high} aan "
        "de tafel.",
    ),
    "c_high": (" and at most {high}", " en hoogstens {high}"),
    "c_values": ("Only these values count: {values}.", "Alleen deze waarden tellen: {values}."),
    "c_override": ("{value}: at least {low}", "{value}: minstens {low}"),
    "c_override_max": ("{value}: at most {high}", "{value}: hoogstens {high}"),
    "c_overrides": ("Exceptions: {items}.", "Uitzonderingen: {items}."),
    "c_bands": (
        "{name} is measured by the column '{column}' and cut into bands: {bands}.",
        "{name} wordt gemeten met de kolom '{column}' en in klassen verdeeld: {bands}.",
    ),
    "c_quantiles": (
        "(cut at the quantiles {quantiles} of the eligible providers)",
        "(gesneden op de kwantielen {quantiles} van de aanbieders in de pool)",
    ),
    "band_below": ("{label} below {to}", "{label} onder {to}"),
    "band_between": ("{label} from {start} to {to}", "{label} van {start} tot {to}"),
    "band_from": ("{label} from {start}", "{label} vanaf {start}"),
    "c_joint": (
        "Every combination of {names} that occurs in the pool has at least {low} seat(s){high}.",
        "Elke combinatie van {names} die in de pool voorkomt heeft minstens {low} zetel(s){high}.",
    ),
    "c_expertise": (
        "Among the smallest tables, the one with the most expertise (column '{column}') is "
        "chosen; weights: {weights}.",
        "Van de kleinste tafels wordt die met de meeste expertise (kolom '{column}') gekozen; "
        "gewichten: {weights}.",
    ),
    "c_extra_seats": (
        "Up to {n} extra seat(s) are added when that adds expertise.",
        "Er komen hoogstens {n} extra zetel(s) bij als dat expertise toevoegt.",
    ),
    "c_include": ("Always at the table: {ids}.", "Altijd aan tafel: {ids}."),
    "c_exclude": ("Never at the table: {ids}.", "Nooit aan tafel: {ids}."),
    "c_one_per": (
        "At most one provider per value of '{column}'.",
        "Hoogstens één aanbieder per waarde van '{column}'.",
    ),
    "c_cost": (
        "Instead of the number of seats, the total of the column '{column}' is minimised.",
        "In plaats van het aantal zetels wordt het totaal van de kolom '{column}' zo klein "
        "mogelijk gemaakt.",
    ),
    "c_tie_id": (
        "When several tables are equally good, the providers with the lowest id come first.",
        "Als meerdere tafels even goed zijn, gaan de aanbieders met het laagste id voor.",
    ),
    "c_tie_seeded": (
        "When several tables are equally good, a published seed ({seed}) sets the order: "
        "the SHA-256 of '{seed}:id', lowest first.",
        "Als meerdere tafels even goed zijn, bepaalt een gepubliceerd getal ({seed}) de "
        "volgorde: de SHA-256 van '{seed}:id', laagste eerst.",
    ),
    "c_rotation_terms": (
        "A provider that sat at each of the last {n} tables may not sit this year.",
        "Een aanbieder die aan elk van de laatste {n} tafels zat, mag dit jaar niet zitten.",
    ),
    "c_rotation_continuity": (
        "At least {n} member(s) of last year's table stay.",
        "Minstens {n} lid (leden) van de tafel van vorig jaar blijven.",
    ),
    "c_rotation_fairness": (
        "Providers that sat less often so far come first among equally good tables.",
        "Aanbieders die tot nu toe minder vaak zaten, gaan voor bij even goede tafels.",
    ),
    # pool
    "pool": ("The pool per dimension", "De pool per dimensie"),
    "pool_intro": (
        "{n} providers are in the pool at the peildatum; the table shows how many have each "
        "value and how many of them sit at the table.",
        "Er zitten {n} aanbieders in de pool op de peildatum; de tabel toont hoeveel er elke "
        "waarde hebben en hoeveel daarvan aan tafel zitten.",
    ),
    "value": ("Value", "Waarde"),
    "providers": ("Providers", "Aanbieders"),
    "at_table": ("At the table", "Aan tafel"),
    "dimension": ("Dimension", "Dimensie"),
    "band_cut": ("Bands: {bands}.", "Klassen: {bands}."),
    # table
    "table": ("The table", "De tafel"),
    "table_intro": (
        "Per provider: the cells it represents (a cell is a value, or a combination of values, "
        "that needs seats).",
        "Per aanbieder: de cellen die ze vertegenwoordigt (een cel is een waarde, of een "
        "combinatie van waarden, die zetels nodig heeft).",
    ),
    "id": ("Id", "Id"),
    "name": ("Name", "Naam"),
    "represents": ("Represents", "Vertegenwoordigt"),
    "expertise": ("Expertise", "Expertise"),
    "indispensable": ("Indispensable", "Onmisbaar"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    # coverage
    "coverage": ("Coverage of the cells", "Dekking van de cellen"),
    "coverage_intro": (
        "The matrix shows which cell each member covers. The table below gives every cell its "
        "bounds, the providers in the pool that could fill it, and the seats that do.",
        "De matrix toont welke cel elk lid dekt. De tabel daaronder geeft per cel de grenzen, "
        "het aantal aanbieders in de pool dat haar kan vullen, en de zetels die dat doen.",
    ),
    "matrix_caption": (
        "Coverage matrix: members (rows) x cells (columns); a filled square means the member "
        "counts for that cell.",
        "Dekkingsmatrix: leden (rijen) x cellen (kolommen); een gevuld vak betekent dat het "
        "lid voor die cel telt.",
    ),
    "cell": ("Cell", "Cel"),
    "kind": ("Kind", "Soort"),
    "kind_dimension": ("dimension", "dimensie"),
    "kind_joint": ("combination", "combinatie"),
    "min": ("Min", "Min"),
    "max": ("Max", "Max"),
    "eligible": ("In the pool", "In de pool"),
    "covered_by": ("Covered by", "Gedekt door"),
    "decisive": ("Decides the size", "Bepaalt de omvang"),
    # why this size
    "why": ("Why this size, why these providers", "Waarom deze omvang, waarom deze aanbieders"),
    "decisive_intro": (
        "Cells that decide the table size (one seat fewer would be possible if this cell needed "
        "one seat less):",
        "Cellen die de omvang van de tafel bepalen (met één zetel minder voor deze cel kon de "
        "tafel kleiner):",
    ),
    "decisive_fixed": (
        "The criteria fix the number of seats, so no cell decides it.",
        "De criteria leggen het aantal zetels vast, dus geen cel bepaalt het.",
    ),
    "none": ("none", "geen"),
    "indispensable_intro": (
        "Indispensable providers (every equally good table contains them):",
        "Onmisbare aanbieders (elke even goede tafel bevat ze):",
    ),
    "alternatives_intro": (
        "Providers in another equally good table, not chosen by the tie-break:",
        "Aanbieders in een andere, even goede tafel, niet gekozen door de tie-break:",
    ),
    "tie_id": ("lowest id first", "laagste id eerst"),
    "tie_seeded": ("the published seed {seed}", "het gepubliceerde getal {seed}"),
    # lottery
    "lottery": ("Fairness: the lottery", "Eerlijkheid: de loting"),
    "lottery_intro": (
        "A {method} lottery over {tables} valid tables of {seats} seats gives each provider "
        "the probabilities below (smallest for a provider that can sit: {minimum}). "
        "Portfolio seal: {seal}.",
        "Een {method}-loting over {tables} geldige tafels van {seats} zetels geeft elke "
        "aanbieder de kansen hieronder (kleinste voor een aanbieder die kan zitten: {minimum}). "
        "Zegel van het portfolio: {seal}.",
    ),
    "lottery_unreachable": (
        "{n} provider(s) are in no valid table and have probability 0.",
        "{n} aanbieder(s) zitten in geen enkele geldige tafel en hebben kans 0.",
    ),
    "probability": ("Probability", "Kans"),
    "in_this_table": ("In this table", "In deze tafel"),
    "lottery_caption": (
        "Selection probability per provider (providers with probability 0 left out).",
        "Selectiekans per aanbieder (aanbieders met kans 0 weggelaten).",
    ),
    # changes
    "changes": ("Changes against last year", "Wijzigingen ten opzichte van vorig jaar"),
    "changes_intro": (
        "Compared with the table of {label}: {joined} joined, {left} left, {stayed} stayed.",
        "Vergeleken met de tafel van {label}: {joined} erbij, {left} eraf, {stayed} gebleven.",
    ),
    "change": ("Change", "Wijziging"),
    "joined": ("joined", "erbij"),
    "left": ("left", "eraf"),
    "stayed": ("stayed", "gebleven"),
    "reason": ("Why", "Waarom"),
    "r_blocked": (
        "sat at each of the last {n} tables; the rotation rule gives others a turn",
        "zat aan elk van de laatste {n} tafels; de rotatieregel geeft anderen een beurt",
    ),
    "r_gone": (
        "no longer in the pool at this peildatum",
        "niet meer in de pool op deze peildatum",
    ),
    "r_excluded": ("excluded by this year's criteria", "uitgesloten door de criteria van dit jaar"),
    "r_impossible": (
        "in no equally good table under this year's criteria and pool",
        "in geen enkele even goede tafel volgens de criteria en pool van dit jaar",
    ),
    "r_tie": (
        "in an equally good table, but the tie-break ({order}) chose another",
        "in een even goede tafel, maar de tie-break ({order}) koos een andere",
    ),
    "r_joined_indispensable": (
        "indispensable: every equally good table contains it; represents {cells}",
        "onmisbaar: elke even goede tafel bevat haar; vertegenwoordigt {cells}",
    ),
    "r_joined_tie": (
        "chosen by the tie-break ({order}) among equally good tables; represents {cells}",
        "gekozen door de tie-break ({order}) uit even goede tafels; vertegenwoordigt {cells}",
    ),
    "r_stayed": ("represents {cells}", "vertegenwoordigt {cells}"),
    # audit
    "audit": ("Audit", "Verantwoording"),
    "audit_intro": (
        "Anyone can check this report: the files below have these SHA-256 hashes, and the "
        "command at the end gives the same table with the same package version.",
        "Iedereen kan dit rapport controleren: de bestanden hieronder hebben deze "
        "SHA-256-hashes, en het commando onderaan geeft dezelfde tafel met dezelfde "
        "pakketversie.",
    ),
    "file": ("File", "Bestand"),
    "sha256": ("SHA-256", "SHA-256"),
    "role": ("Role", "Rol"),
    "role_pool": ("pool", "pool"),
    "role_criteria": ("criteria", "criteria"),
    "role_history": ("history", "historie"),
    "role_lottery": ("lottery portfolio", "lotingsportfolio"),
    "no_file": ("(not a file: no hash)", "(geen bestand: geen hash)"),
    "versions": ("Versions", "Versies"),
    "component": ("Component", "Onderdeel"),
    "version": ("Version", "Versie"),
    "backend": ("Solver backend", "Solver-backend"),
    "tie_break": ("Tie-break", "Tie-break"),
    "timings": ("Timings (seconds)", "Tijden (seconden)"),
    "step": ("Step", "Stap"),
    "seconds": ("Seconds", "Seconden"),
    "reproduce": ("Reproduce this table", "Deze tafel opnieuw berekenen"),
    "solves": ("Solver calls", "Solver-aanroepen"),
    "setting": ("Setting", "Instelling"),
    "value_col": ("Value", "Waarde"),
}


def say(key: str, lang: str, **params: object) -> str:
    """The text ``key`` in ``lang`` (``nl`` or ``en``), filled with ``params``."""
    from tafelselectie.texts.messages import pick

    return pick(TEXTS[key], lang, **params)
