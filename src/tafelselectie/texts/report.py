"""The report's words in Dutch (the default, for the council) and English (``report.``): headings
and sentences of a document. Part of the one catalogue (:func:`tafelselectie.texts.messages.text`).
"""

from __future__ import annotations

# code -> (English, Dutch)
REPORT: dict[str, tuple[str, str]] = {
    "report.title": ("Selection report", "Selectierapport"),
    "report.subtitle": (
        "Who sits at the physical table, and why",
        "Wie er aan de fysieke overlegtafel zit, en waarom",
    ),
    "report.contents": ("Contents", "Inhoud"),
    # summary
    "report.summary": ("Summary", "Samenvatting"),
    "report.peildatum": ("Reference date (peildatum)", "Peildatum"),
    "report.no_peildatum": (
        "none (every provider in the file)",
        "geen (elke aanbieder in het bestand)",
    ),
    "report.pool_size": ("Providers in the pool", "Aanbieders in de pool"),
    "report.excluded_count": ("excluded by the criteria", "uitgesloten door de criteria"),
    "report.seats": ("Seats at the table", "Zetels aan de tafel"),
    "report.expertise_score": ("Expertise score", "Expertisescore"),
    "report.status": ("Status", "Status"),
    "report.status_optimal": (
        "optimal: proven to be the smallest table that meets every criterion",
        "optimaal: bewezen de kleinste tafel die aan elk criterium voldoet",
    ),
    "report.status_feasible": (
        "feasible: meets every criterion, but the time limit stopped the proof that it is minimal",
        "toelaatbaar: voldoet aan elk criterium, maar de tijdslimiet stopte het bewijs dat ze "
        "minimaal is",
    ),
    # the status in the audit table: the word of the chosen language, with the JSON's word
    "report.status_word_optimal": ("optimal", "optimaal (in de JSON: optimal)"),
    "report.status_word_feasible": ("feasible", "toelaatbaar (in de JSON: feasible)"),
    "report.summary_text": (
        "The table has {seats} seats. {count}.",
        "De tafel heeft {seats} zetels. {count}.",
    ),
    # criteria
    "report.margin": ("Stability near the band edges", "Stabiliteit bij de klassengrenzen"),
    "report.margin_intro": (
        "Size bands cut a number, and a figure at the peildatum carries error. Every provider "
        "whose value lies within {margin} of a cut was moved, one at a time, to the other side "
        "of that cut, and the table was chosen again. Quantile cuts are held where they were "
        "computed on this pool, so each move changes one provider's band and nothing else.",
        "Klassen snijden een getal, en een cijfer op de peildatum kent onzekerheid. Elke "
        "aanbieder waarvan de waarde binnen {margin} van een grens ligt, is één voor één naar "
        "de andere kant van die grens verplaatst, en de tafel is opnieuw gekozen. Kwantielgrenzen "
        "blijven waar ze op deze pool berekend zijn, zodat elke verschuiving alleen de klasse "
        "van één aanbieder verandert.",
    ),
    "report.cut": ("Cut", "Grens"),
    "report.bands": ("Band now → other side", "Klasse nu → andere kant"),
    "report.outcome": ("Table then", "Tafel dan"),
    "report.margin_same": ("the same table", "dezelfde tafel"),
    "report.margin_no_table": ("no table", "geen tafel"),
    "report.margin_new": (
        "another table of {seats} seats: {ids}",
        "een andere tafel van {seats} zetels: {ids}",
    ),
    "report.c_share": (
        "The table holds {bounds} of the pool's total {column}.",
        "De tafel heeft samen {bounds} van de totale {column} van de pool.",
    ),
    "report.c_share_per": (
        "Within every value of {per}, the table's members hold {bounds} of that value's total "
        "{column}.",
        "Binnen elke waarde van {per} hebben de leden van de tafel samen {bounds} van de totale "
        "{column} van die waarde.",
    ),
    "report.c_share_min": ("at least {share}", "minstens {share}"),
    "report.c_share_max": ("at most {share}", "hoogstens {share}"),
    "report.c_and": (" and ", " en "),
    "report.shares": ("Volume shares", "Aandelen in het volume"),
    "report.shares_intro": (
        "How much of each numeric column the table holds together, against what the criteria ask "
        "(compared exactly, without rounding).",
        "Hoeveel van elke getalskolom de tafel samen heeft, tegen wat de criteria vragen (exact "
        "vergeleken, zonder afronding).",
    ),
    "report.whole_pool": ("whole pool", "hele pool"),
    "report.share_column": ("Column", "Kolom"),
    "report.share_per": ("Over", "Over"),
    "report.share_total": ("Pool total", "Totaal pool"),
    "report.share_sum": ("Table", "Tafel"),
    "report.share_held": ("Share", "Aandeel"),
    "report.criteria": ("The criteria in plain language", "De criteria in gewone taal"),
    "report.criteria_file": ("Criteria", "Criteria"),
    "report.c_seats_exact": (
        "The table has exactly {n} seats.",
        "De tafel heeft precies {n} zetels.",
    ),
    "report.c_seats_range": (
        "The table has at least {low} and at most {high} seats, and as few as possible.",
        "De tafel heeft minstens {low} en hoogstens {high} zetels, en zo weinig mogelijk.",
    ),
    "report.c_seats_max": (
        "The table has at most {high} seats, and as few as possible.",
        "De tafel heeft hoogstens {high} zetels, en zo weinig mogelijk.",
    ),
    "report.c_seats_min": (
        "The table has at least {low} seats, and as few as possible.",
        "De tafel heeft minstens {low} zetels, en zo weinig mogelijk.",
    ),
    "report.c_dimension": (
        "Every value of {name} (column '{column}') has at least "
        "{low, plural, one {# seat} other {# seats}}{high} at the table.",
        "Elke waarde van {name} (kolom '{column}') heeft minstens "
        "{low, plural, one {# zetel} other {# zetels}}{high} aan de tafel.",
    ),
    "report.c_high": (" and at most {high}", " en hoogstens {high}"),
    "report.c_values": (
        "Only these values count: {values}.",
        "Alleen deze waarden tellen: {values}.",
    ),
    "report.c_override": ("{value}: at least {low}", "{value}: minstens {low}"),
    "report.c_override_max": ("{value}: at most {high}", "{value}: hoogstens {high}"),
    "report.c_overrides": ("Exceptions: {items}.", "Uitzonderingen: {items}."),
    "report.c_bands": (
        "{name} is measured by the column '{column}' and cut into bands: {bands}.",
        "{name} wordt gemeten met de kolom '{column}' en in klassen verdeeld: {bands}.",
    ),
    "report.c_quantiles": (
        "(cut at the quantiles {quantiles} of the eligible providers)",
        "(gesneden op de kwantielen {quantiles} van de aanbieders in de pool)",
    ),
    "report.band_below": ("{label} below {to}", "{label} onder {to}"),
    "report.band_between": ("{label} from {start} to {to}", "{label} van {start} tot {to}"),
    "report.band_from": ("{label} from {start}", "{label} vanaf {start}"),
    "report.c_joint": (
        "Every combination of {names} that occurs in the pool has at least "
        "{low, plural, one {# seat} other {# seats}}{high}.",
        "Elke combinatie van {names} die in de pool voorkomt heeft minstens "
        "{low, plural, one {# zetel} other {# zetels}}{high}.",
    ),
    "report.c_expertise": (
        "Among the smallest tables, the one with the most expertise (column '{column}') is "
        "chosen; weights: {weights}.",
        "Van de kleinste tafels wordt die met de meeste expertise (kolom '{column}') gekozen; "
        "gewichten: {weights}.",
    ),
    "report.c_extra_seats": (
        "Up to {n, plural, one {# extra seat is} other {# extra seats are}} added when that "
        "adds expertise.",
        "Er {n, plural, one {komt hoogstens # extra zetel} other {komen hoogstens # extra "
        "zetels}} bij als dat expertise toevoegt.",
    ),
    "report.c_include": ("Always at the table: {ids}.", "Altijd aan tafel: {ids}."),
    "report.c_exclude": ("Never at the table: {ids}.", "Nooit aan tafel: {ids}."),
    "report.c_one_per": (
        "At most one provider per value of '{column}'.",
        "Hoogstens één aanbieder per waarde van '{column}'.",
    ),
    "report.c_cost": (
        "Instead of the number of seats, the total of the column '{column}' is minimised.",
        "In plaats van het aantal zetels wordt het totaal van de kolom '{column}' zo klein "
        "mogelijk gemaakt.",
    ),
    "report.c_tie_id": (
        "When several tables are equally good, the providers with the lowest id come first.",
        "Als meerdere tafels even goed zijn, gaan de aanbieders met het laagste id voor.",
    ),
    "report.c_tie_seeded": (
        "When several tables are equally good, a published seed ({seed}) sets the order: "
        "the SHA-256 of '{seed}:id', lowest first.",
        "Als meerdere tafels even goed zijn, bepaalt een gepubliceerd getal ({seed}) de "
        "volgorde: de SHA-256 van '{seed}:id', laagste eerst.",
    ),
    "report.c_rotation_terms": (
        "A provider that sat at each of the last {n} tables may not sit this year.",
        "Een aanbieder die aan elk van de laatste {n} tafels zat, mag dit jaar niet zitten.",
    ),
    "report.c_rotation_continuity": (
        "At least {n, plural, one {# member} other {# members}} of last year's table "
        "{n, plural, one {stays} other {stay}}.",
        "Minstens {n, plural, one {# lid} other {# leden}} van de tafel van vorig jaar "
        "{n, plural, one {blijft} other {blijven}}.",
    ),
    "report.c_rotation_fairness": (
        "Providers that sat less often so far come first among equally good tables.",
        "Aanbieders die tot nu toe minder vaak zaten, gaan voor bij even goede tafels.",
    ),
    # pool
    "report.pool": ("The pool per dimension", "De pool per dimensie"),
    "report.pool_intro": (
        "{n} providers are in the pool at the peildatum; the table shows how many have each "
        "value and how many of them sit at the table.",
        "Er zitten {n} aanbieders in de pool op de peildatum; de tabel toont hoeveel er elke "
        "waarde hebben en hoeveel daarvan aan tafel zitten.",
    ),
    "report.value": ("Value", "Waarde"),
    "report.providers": ("Providers", "Aanbieders"),
    "report.at_table": ("At the table", "Aan tafel"),
    "report.dimension": ("Dimension", "Dimensie"),
    "report.band_cut": ("Bands: {bands}.", "Klassen: {bands}."),
    # table
    "report.table": ("The table", "De tafel"),
    "report.table_intro": (
        "Per provider: the cells it represents (a cell is a value, or a combination of values, "
        "that needs seats).",
        "Per aanbieder: de cellen die ze vertegenwoordigt (een cel is een waarde, of een "
        "combinatie van waarden, die zetels nodig heeft).",
    ),
    "report.id": ("Id", "Id"),
    "report.name": ("Name", "Naam"),
    "report.represents": ("Represents", "Vertegenwoordigt"),
    "report.expertise": ("Expertise", "Expertise"),
    "report.indispensable": ("Indispensable", "Onmisbaar"),
    "report.yes": ("yes", "ja"),
    "report.no": ("no", "nee"),
    # coverage
    "report.coverage": ("Coverage of the cells", "Dekking van de cellen"),
    "report.coverage_intro": (
        "The matrix shows which cell each member covers. The table below gives every cell its "
        "bounds, the providers in the pool that could fill it, and the seats that do.",
        "De matrix toont welke cel elk lid dekt. De tabel daaronder geeft per cel de grenzen, "
        "het aantal aanbieders in de pool dat haar kan vullen, en de zetels die dat doen.",
    ),
    "report.matrix_caption": (
        "Coverage matrix: members (rows) x cells (columns); a filled square means the member "
        "counts for that cell.",
        "Dekkingsmatrix: leden (rijen) x cellen (kolommen); een gevuld vak betekent dat het "
        "lid voor die cel telt.",
    ),
    "report.cell": ("Cell", "Cel"),
    "report.kind": ("Kind", "Soort"),
    "report.kind_dimension": ("dimension", "dimensie"),
    "report.kind_joint": ("combination", "combinatie"),
    "report.min": ("Min", "Min"),
    "report.max": ("Max", "Max"),
    "report.eligible": ("In the pool", "In de pool"),
    "report.covered_by": ("Covered by", "Gedekt door"),
    "report.decisive": ("Decides the size", "Bepaalt de omvang"),
    # why this size
    "report.why": (
        "Why this size, why these providers",
        "Waarom deze omvang, waarom deze aanbieders",
    ),
    "report.decisive_intro": (
        "Cells that decide the table size (one seat fewer would be possible if this cell needed "
        "one seat less):",
        "Cellen die de omvang van de tafel bepalen (met één zetel minder voor deze cel kon de "
        "tafel kleiner):",
    ),
    "report.decisive_fixed": (
        "The criteria fix the number of seats, so no cell decides it.",
        "De criteria leggen het aantal zetels vast, dus geen cel bepaalt het.",
    ),
    "report.none": ("none", "geen"),
    "report.indispensable_intro": (
        "Indispensable providers (every equally good table contains them):",
        "Onmisbare aanbieders (elke even goede tafel bevat ze):",
    ),
    "report.alternatives_intro": (
        "Providers in another equally good table, not chosen by the tie-break:",
        "Aanbieders in een andere, even goede tafel, niet gekozen door de tie-break:",
    ),
    "report.tie_id": ("lowest id first", "laagste id eerst"),
    "report.tie_seeded": ("the published seed {seed}", "het gepubliceerde getal {seed}"),
    # lottery
    "report.lottery": ("Fairness: the lottery", "Eerlijkheid: de loting"),
    "report.lottery_highest": (
        "The highest probability of a provider not in every valid table is {maximum}; in every "
        "valid table, and so certain of a seat: {forced}.",
        "De hoogste kans van een aanbieder die niet in elke geldige tafel zit is {maximum}; in "
        "elke geldige tafel, en dus zeker van een zetel: {forced}.",
    ),
    "report.lottery_cap": (
        "The criteria cap every other provider's probability at {cap} (max_probability); a cap "
        "can lower the smallest probability.",
        "De criteria begrenzen de kans van elke andere aanbieder op {cap} (max_probability); "
        "een grens kan de kleinste kans verlagen.",
    ),
    "report.lottery_intro": (
        "A {method} lottery over {tables} valid tables of {seats} seats gives each provider "
        "the probabilities below (smallest for a provider that can sit: {minimum}). "
        "Portfolio seal: {seal}.",
        "Een {method}-loting over {tables} geldige tafels van {seats} zetels geeft elke "
        "aanbieder de kansen hieronder (kleinste voor een aanbieder die kan zitten: {minimum}). "
        "Zegel van het portfolio: {seal}.",
    ),
    "report.lottery_unreachable": (
        "{n, plural, one {# provider is} other {# providers are}} in no valid table and "
        "{n, plural, one {has} other {have}} probability 0.",
        "{n, plural, one {# aanbieder zit} other {# aanbieders zitten}} in geen enkele geldige "
        "tafel en {n, plural, one {heeft} other {hebben}} kans 0.",
    ),
    "report.probability": ("Probability", "Kans"),
    "report.in_this_table": ("In this table", "In deze tafel"),
    "report.lottery_caption": (
        "Selection probability per provider (providers with probability 0 left out).",
        "Selectiekans per aanbieder (aanbieders met kans 0 weggelaten).",
    ),
    # changes
    "report.changes": ("Changes against last year", "Wijzigingen ten opzichte van vorig jaar"),
    "report.changes_intro": (
        "Compared with the table of {label}: {joined} joined, {left} left, {stayed} stayed.",
        "Vergeleken met de tafel van {label}: {joined} erbij, {left} eraf, {stayed} gebleven.",
    ),
    "report.change": ("Change", "Wijziging"),
    "report.joined": ("joined", "erbij"),
    "report.left": ("left", "eraf"),
    "report.stayed": ("stayed", "gebleven"),
    "report.reason": ("Why", "Waarom"),
    "report.r_blocked": (
        "sat at each of the last {n} tables; the rotation rule gives others a turn",
        "zat aan elk van de laatste {n} tafels; de rotatieregel geeft anderen een beurt",
    ),
    "report.r_gone": (
        "no longer in the pool at this peildatum",
        "niet meer in de pool op deze peildatum",
    ),
    "report.r_excluded": (
        "excluded by this year's criteria",
        "uitgesloten door de criteria van dit jaar",
    ),
    "report.r_impossible": (
        "in no equally good table under this year's criteria and pool",
        "in geen enkele even goede tafel volgens de criteria en pool van dit jaar",
    ),
    "report.r_tie": (
        "in an equally good table, but the tie-break ({order}) chose another",
        "in een even goede tafel, maar de tie-break ({order}) koos een andere",
    ),
    "report.r_joined_indispensable": (
        "indispensable: every equally good table contains it; represents {cells}",
        "onmisbaar: elke even goede tafel bevat haar; vertegenwoordigt {cells}",
    ),
    "report.r_joined_tie": (
        "chosen by the tie-break ({order}) among equally good tables; represents {cells}",
        "gekozen door de tie-break ({order}) uit even goede tafels; vertegenwoordigt {cells}",
    ),
    "report.r_stayed": ("represents {cells}", "vertegenwoordigt {cells}"),
    # audit
    "report.audit": ("Audit", "Verantwoording"),
    "report.audit_intro": (
        "Anyone can check this report: the files below have these SHA-256 hashes, and the "
        "command at the end gives the same table with the same package version.",
        "Iedereen kan dit rapport controleren: de bestanden hieronder hebben deze "
        "SHA-256-hashes, en het commando onderaan geeft dezelfde tafel met dezelfde "
        "pakketversie.",
    ),
    "report.file": ("File", "Bestand"),
    "report.sha256": ("SHA-256", "SHA-256"),
    "report.role": ("Role", "Rol"),
    "report.role_pool": ("pool", "pool"),
    "report.role_criteria": ("criteria", "criteria"),
    "report.role_history": ("history", "historie"),
    "report.role_lottery": ("lottery portfolio", "lotingsportfolio"),
    "report.no_file": ("(not a file: no hash)", "(geen bestand: geen hash)"),
    "report.versions": ("Versions", "Versies"),
    "report.component": ("Component", "Onderdeel"),
    "report.version": ("Version", "Versie"),
    "report.backend": ("Solver backend", "Solver-backend"),
    "report.tie_break": ("Tie-break", "Tie-break"),
    "report.timings": ("Timings (seconds)", "Tijden (seconden)"),
    "report.step": ("Step", "Stap"),
    "report.seconds": ("Seconds", "Seconden"),
    "report.reproduce": ("Reproduce this table", "Deze tafel opnieuw berekenen"),
    "report.solves": ("Solver calls", "Solver-aanroepen"),
    "report.setting": ("Setting", "Instelling"),
    "report.value_col": ("Value", "Waarde"),
}
