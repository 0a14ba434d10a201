"""User-facing texts in Dutch (the default for people) and English (the API language).

A message is looked up by code and filled with ``str.format`` parameters. Keeping every text here
means a new language is one new column, and tests can check that every code has both languages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# code -> (English, Dutch)
MESSAGES: dict[str, tuple[str, str]] = {
    # files
    "file_missing": ("file not found", "bestand niet gevonden"),
    "file_unreadable": ("cannot read the file: {reason}", "kan het bestand niet lezen: {reason}"),
    "file_empty": ("the file is empty", "het bestand is leeg"),
    "file_is_directory": (
        "this is a folder, not a file",
        "dit is een map, geen bestand",
    ),
    "file_binary_csv": (
        "this is not a CSV text file or an .xlsx workbook (it contains binary data)",
        "dit is geen CSV-tekstbestand of .xlsx-werkmap (het bevat binaire gegevens)",
    ),
    "file_binary_toml": (
        "this is not a TOML text file (it contains binary data)",
        "dit is geen TOML-tekstbestand (het bevat binaire gegevens)",
    ),
    "file_binary_json": (
        "this is not a JSON text file (it contains binary data)",
        "dit is geen JSON-tekstbestand (het bevat binaire gegevens)",
    ),
    "file_not_utf8_csv": (
        "not UTF-8 text (invalid byte {byte} on line {line}, at byte {position} of the file); "
        "save the file as UTF-8 CSV",
        "geen UTF-8-tekst (ongeldige byte {byte} op regel {line}, byte {position} van het "
        "bestand); sla het bestand op als UTF-8 CSV",
    ),
    "file_not_utf8_toml": (
        "not UTF-8 text (invalid byte {byte} on line {line}, at byte {position} of the file); "
        "TOML files are UTF-8: save the file as UTF-8 in your editor",
        "geen UTF-8-tekst (ongeldige byte {byte} op regel {line}, byte {position} van het "
        "bestand); TOML-bestanden zijn UTF-8: sla het bestand in uw editor op als UTF-8",
    ),
    "file_not_utf8_json": (
        "not UTF-8 text (invalid byte {byte} on line {line}, at byte {position} of the file); "
        "JSON files are UTF-8",
        "geen UTF-8-tekst (ongeldige byte {byte} op regel {line}, byte {position} van het "
        "bestand); JSON-bestanden zijn UTF-8",
    ),
    "file_bad_encoding": (
        "the byte order mark says {encoding}, but the text is not valid {encoding} (at byte "
        "{position})",
        "de byte-order-mark zegt {encoding}, maar de tekst is geen geldige {encoding} (bij byte "
        "{position})",
    ),
    "xlsx_first_sheet_empty": (
        "the first sheet ({sheet!r}) is empty; the pool is read from the first sheet only, and "
        "sheet {other!r} has data: move that sheet to the front",
        "het eerste werkblad ({sheet!r}) is leeg; de pool wordt alleen van het eerste werkblad "
        "gelezen, en werkblad {other!r} bevat gegevens: zet dat werkblad vooraan",
    ),
    "file_xls": (
        "the old .xls format is not supported; save the workbook as .xlsx",
        "het oude .xls-formaat wordt niet ondersteund; sla de werkmap op als .xlsx",
    ),
    "xlsx_unreadable": (
        "cannot read the workbook: {reason}",
        "kan de werkmap niet lezen: {reason}",
    ),
    "csv_syntax": ("CSV syntax error: {reason}", "CSV-syntaxfout: {reason}"),
    # pool structure
    "pool_no_header": ("no header row", "geen kopregel"),
    "pool_no_rows": ("no provider rows below the header", "geen aanbieders onder de kopregel"),
    "pool_blank_header": (
        "column {position} has no name but holds data",
        "kolom {position} heeft geen naam maar bevat gegevens",
    ),
    "pool_duplicate_column": (
        "the column name appears more than once (columns {positions})",
        "de kolomnaam komt meer dan eens voor (kolommen {positions})",
    ),
    "pool_extra_fields": (
        "the row has {found} fields but the header only {expected}",
        "de rij heeft {found} velden maar de kopregel maar {expected}",
    ),
    "pool_missing_column": (
        "column not found in the pool (columns: {available})",
        "kolom niet gevonden in de pool (kolommen: {available})",
    ),
    "pool_blank_id": ("the id is empty", "het id is leeg"),
    "pool_duplicate_id": (
        "id {id!r} also appears in row {other_row}",
        "id {id!r} staat ook in rij {other_row}",
    ),
    "pool_duplicate_id_date": (
        "id {id!r} has another row with the same date {date} (row {other_row})",
        "id {id!r} heeft nog een rij met dezelfde datum {date} (rij {other_row})",
    ),
    "pool_bad_date": (
        "{value!r} is not a date in the form YYYY-MM-DD",
        "{value!r} is geen datum in de vorm JJJJ-MM-DD",
    ),
    "pool_day_first_date": (
        "{value!r} is not a date in the form YYYY-MM-DD; read as day-month-year it is {iso!r}: "
        "write that",
        "{value!r} is geen datum in de vorm JJJJ-MM-DD; gelezen als dag-maand-jaar is het "
        "{iso!r}: schrijf dat",
    ),
    "pool_missing_date": (
        "the date is empty; every row needs a date in the form YYYY-MM-DD",
        "de datum is leeg; elke rij heeft een datum nodig in de vorm JJJJ-MM-DD",
    ),
    "pool_needs_peildatum": (
        "the pool has a date column, so the criteria need a peildatum",
        "de pool heeft een datumkolom, dus de criteria hebben een peildatum nodig",
    ),
    "pool_bad_number": (
        "{value!r} is not a number",
        "{value!r} is geen getal",
    ),
    "pool_grouped_number": (
        "{value!r} is not a number as written: thousands separators are not read; write {plain!r}",
        "{value!r} is geen getal zoals het er staat: scheidingstekens voor duizendtallen worden "
        "niet gelezen; schrijf {plain!r}",
    ),
    "pool_missing_share": (
        "empty value; a share ([[share]]) needs a number >= 0 for every provider",
        "lege waarde; een aandeel ([[share]]) heeft voor elke aanbieder een getal >= 0 nodig",
    ),
    "pool_negative_share": (
        "{value!r} is negative; a share ([[share]]) needs a number >= 0",
        "{value!r} is negatief; een aandeel ([[share]]) heeft een getal >= 0 nodig",
    ),
    "pool_missing_number": (
        "empty value; the banded dimension {dimension!r} needs a number for every provider",
        "lege waarde; de in klassen verdeelde dimensie {dimension!r} heeft voor elke aanbieder "
        "een getal nodig",
    ),
    "pool_bad_cost": (
        "{value!r} is not a cost: costs are whole numbers of 0 or more",
        "{value!r} is geen kosten: kosten zijn hele getallen van 0 of meer",
    ),
    "pool_list_cell": (
        "a list is not allowed here: {value!r}",
        "een lijst is hier niet toegestaan: {value!r}",
    ),
    # criteria
    "toml_syntax": ("TOML syntax error: {reason}", "TOML-syntaxfout: {reason}"),
    "criteria_unknown_key": (
        "unknown key (allowed here: {allowed})",
        "onbekende sleutel (hier toegestaan: {allowed})",
    ),
    "criteria_missing_key": ("required key is missing", "verplichte sleutel ontbreekt"),
    "criteria_day_first_date": (
        "{value!r} is not a date in the form YYYY-MM-DD; read as day-month-year it is {iso}: "
        "write that",
        "{value!r} is geen datum in de vorm JJJJ-MM-DD; gelezen als dag-maand-jaar is het {iso}: "
        "schrijf dat",
    ),
    "criteria_type": (
        "expected {expected}, got {got}",
        "verwacht {expected}, gekregen {got}",
    ),
    "criteria_negative": (
        "must be 0 or more, got {value}",
        "moet 0 of meer zijn, gekregen {value}",
    ),
    "criteria_positive": (
        "must be 1 or more, got {value}",
        "moet 1 of meer zijn, gekregen {value}",
    ),
    "criteria_share": (
        "must be a share between 0 and 1, got {value}",
        "moet een aandeel tussen 0 en 1 zijn, gekregen {value}",
    ),
    "criteria_not_finite": ("must be a finite number", "moet een eindig getal zijn"),
    "criteria_too_large": (
        "{value} is larger than the {maximum} this version handles",
        "{value} is groter dan de {maximum} die deze versie aankan",
    ),
    "criteria_weight_too_large": (
        "the weight {value} lies outside -{maximum} .. {maximum}",
        "het gewicht {value} ligt buiten -{maximum} .. {maximum}",
    ),
    "criteria_scores_not_exact": (
        "the expertise scores span {units} steps of {step} (the weights' common step); "
        "solvers compare at most {maximum} such steps exactly: use fewer decimals or smaller "
        "weights",
        "de expertisescores beslaan {units} stappen van {step} (de gemeenschappelijke stap van "
        "de gewichten); solvers vergelijken hoogstens {maximum} zulke stappen exact: gebruik "
        "minder decimalen of kleinere gewichten",
    ),
    "pool_costs_not_exact": (
        "the costs add up to {total}; solvers compare totals up to {maximum} exactly",
        "de kosten tellen op tot {total}; solvers vergelijken totalen tot {maximum} exact",
    ),
    "criteria_format_version": (
        "format_version {value} is not supported (this version reads 1)",
        "format_version {value} wordt niet ondersteund (deze versie leest 1)",
    ),
    "criteria_choice": (
        "{value!r} is not allowed (choose from: {allowed})",
        "{value!r} is niet toegestaan (kies uit: {allowed})",
    ),
    "criteria_min_gt_max": (
        "minimum {min} is greater than maximum {max}",
        "minimum {min} is groter dan maximum {max}",
    ),
    "criteria_exact_conflict": (
        "exact = {exact} lies outside min = {min} .. max = {max}",
        "exact = {exact} ligt buiten min = {min} .. max = {max}",
    ),
    "criteria_duplicate_name": (
        "name {name!r} is used twice",
        "naam {name!r} wordt twee keer gebruikt",
    ),
    "criteria_duplicate_value": (
        "value {value!r} is listed twice",
        "waarde {value!r} staat er twee keer in",
    ),
    "criteria_empty_value": ("a value may not be empty", "een waarde mag niet leeg zijn"),
    "criteria_bands_and_quantiles": (
        "use either bands or quantiles, not both",
        "gebruik bands of quantiles, niet allebei",
    ),
    "criteria_labels_without_quantiles": (
        "labels belong to quantiles",
        "labels horen bij quantiles",
    ),
    "criteria_labels_count": (
        "{quantiles} quantile cuts need {expected} labels, got {got}",
        "{quantiles} kwantielgrenzen vragen {expected} labels, gekregen {got}",
    ),
    "criteria_quantile_range": (
        "quantile {value} is not between 0 and 1",
        "kwantiel {value} ligt niet tussen 0 en 1",
    ),
    "criteria_not_increasing": (
        "the values must increase strictly: {values}",
        "de waarden moeten strikt oplopen: {values}",
    ),
    "criteria_band_below_missing": (
        "every band but the last needs 'below'",
        "elke klasse behalve de laatste heeft 'below' nodig",
    ),
    "criteria_band_below_last": (
        "the last band takes the rest and has no 'below'",
        "de laatste klasse neemt de rest en heeft geen 'below'",
    ),
    "criteria_empty_list": ("the list may not be empty", "de lijst mag niet leeg zijn"),
    "criteria_joint_unknown_dimension": (
        "{value!r} is not a dimension (dimensions: {allowed})",
        "{value!r} is geen dimensie (dimensies: {allowed})",
    ),
    "criteria_joint_too_few": (
        "a joint needs at least two different dimensions",
        "een combinatie heeft minstens twee verschillende dimensies nodig",
    ),
    "criteria_seed_required": (
        'order = "seeded" needs a seed',
        'order = "seeded" heeft een seed nodig',
    ),
    "criteria_include_and_exclude": (
        "id {id!r} is both included and excluded",
        "id {id!r} staat zowel bij include als bij exclude",
    ),
    "criteria_id_not_in_pool": (
        "id {id!r} is not in the pool",
        "id {id!r} staat niet in de pool",
    ),
    "criteria_id_after_peildatum": (
        "id {id!r} is in the file but has no row on or before the peildatum {peildatum}",
        "id {id!r} staat in het bestand maar heeft geen rij op of voor de peildatum {peildatum}",
    ),
    "criteria_cap": (
        "must be a probability above 0 and at most 1, got {value}",
        "moet een kans boven 0 en hoogstens 1 zijn, gekregen {value}",
    ),
    "criteria_share_bound_missing": (
        "a share needs min, max or both",
        "een aandeel heeft min, max of beide nodig",
    ),
    "criteria_share_unknown_dimension": (
        "{value!r} is not a dimension (dimensions: {allowed})",
        "{value!r} is geen dimensie (dimensies: {allowed})",
    ),
    "criteria_separator": (
        "the list separator must be one character other than a space, got {value!r}",
        "het lijstscheidingsteken moet één teken zijn (geen spatie), gekregen {value!r}",
    ),
    # warnings: the input is accepted, but part of it has no effect
    "warning_override_unused": (
        "{value!r} is not a value of dimension {dimension!r} here (no provider has it, or it is "
        "not in `values`), so this bound has no effect",
        "{value!r} is hier geen waarde van dimensie {dimension!r} (geen aanbieder heeft deze, of "
        "hij staat niet in `values`), dus deze grens heeft geen effect",
    ),
    # infeasibility
    "infeasible_cell_too_few": (
        "{cell} needs at least {min, plural, one {# seat} other {# seats}} but only "
        "{members, plural, one {# eligible provider has} other {# eligible providers have}} it",
        "{cell} vraagt minstens {min, plural, one {# zetel} other {# zetels}}, maar "
        "{members, plural, one {# beschikbare aanbieder heeft} other {# beschikbare aanbieders "
        "hebben}} dit",
    ),
    "infeasible_cell_excluded": (
        "{cell}: only excluded providers have it ({ids})",
        "{cell}: alleen uitgesloten aanbieders hebben dit ({ids})",
    ),
    "infeasible_cell_over_seats": (
        "{cell} needs at least {min} seats but the table may have at most {max} seats",
        "{cell} vraagt minstens {min} zetels maar de tafel mag hoogstens {max} zetels hebben",
    ),
    "infeasible_include_cell_max": (
        "the included providers {ids} already put {count} seats in {cell}, more than its "
        "maximum {max}",
        "de verplichte aanbieders {ids} geven {cell} al {count} zetels, meer dan het maximum {max}",
    ),
    "infeasible_include_one_per": (
        "the included providers {ids} share {column} = {value!r}, but one_per allows only one",
        "de verplichte aanbieders {ids} delen {column} = {value!r}, maar one_per staat er maar "
        "één toe",
    ),
    "infeasible_include_seats": (
        "{count} providers are included but the table may have at most {max} seats",
        "{count} aanbieders zijn verplicht maar de tafel mag hoogstens {max} zetels hebben",
    ),
    "infeasible_seats_min": (
        "the table needs at least {min} seats but only {available} providers are eligible",
        "de tafel vraagt minstens {min} zetels maar er zijn maar {available} beschikbare "
        "aanbieders",
    ),
    "infeasible_one_per_cell": (
        "{cell} needs {min} seats but its {members} providers belong to only "
        "{groups, plural, one {# value} other {# different values}} of {column} (one_per)",
        "{cell} vraagt {min} zetels, maar de {members} aanbieders ervan horen bij maar "
        "{groups, plural, one {# waarde} other {# verschillende waarden}} van {column} "
        "(one_per)",
    ),
    "infeasible_sum_of_minimums": (
        "the minimums of {dimension} add up to {total} seats (each provider has one value), but "
        "the table may have at most {max} seats",
        "de minima van {dimension} tellen op tot {total} zetels (elke aanbieder heeft één waarde), "
        "maar de tafel mag hoogstens {max} zetels hebben",
    ),
    "infeasible_conflict": (
        "these requirements cannot all be met together: {requirements}",
        "deze eisen kunnen niet alle tegelijk worden vervuld: {requirements}",
    ),
    "infeasible_unknown": (
        "no table meets all requirements together",
        "geen enkele tafel voldoet aan alle eisen tegelijk",
    ),
    # suggestions (the smallest relaxation)
    "suggest_lower_min": (
        "lower the minimum of {target} from {current} to {proposed}",
        "verlaag het minimum van {target} van {current} naar {proposed}",
    ),
    "suggest_raise_max": (
        "raise the maximum of {target} from {current} to {proposed}",
        "verhoog het maximum van {target} van {current} naar {proposed}",
    ),
    "suggest_raise_seats_max": (
        "allow {proposed} seats (now at most {current})",
        "sta {proposed} zetels toe (nu hoogstens {current})",
    ),
    "suggest_lower_seats_min": (
        "lower the minimum number of seats from {current} to {proposed}",
        "verlaag het minimum aantal zetels van {current} naar {proposed}",
    ),
    "suggest_drop_include": (
        "do not require provider {target} (include)",
        "maak aanbieder {target} niet verplicht (include)",
    ),
    "suggest_allow_one_per": (
        "allow more than one provider with {target} (one_per)",
        "sta meer dan één aanbieder met {target} toe (one_per)",
    ),
    "suggest_allow_term": (
        "let provider {target} sit another term (rotation.max_consecutive_terms)",
        "laat aanbieder {target} nog een termijn zitten (rotation.max_consecutive_terms)",
    ),
    "suggest_lower_share_min": (
        "lower the share of {target} from {current} to {proposed}",
        "verlaag het aandeel van {target} van {current} naar {proposed}",
    ),
    "suggest_raise_share_max": (
        "raise the maximum share of {target} from {current} to {proposed}",
        "verhoog het maximale aandeel van {target} van {current} naar {proposed}",
    ),
    "suggest_lower_continuity": (
        "lower rotation.min_continuity from {current} to {proposed}",
        "verlaag rotation.min_continuity van {current} naar {proposed}",
    ),
    # lottery: why a provider is in no valid table
    "lottery_forced_included": (
        "included by the criteria, so in every valid table",
        "verplicht door de criteria, dus in elke geldige tafel",
    ),
    "lottery_forced_cell": (
        "{count, plural, one {the only provider} other {one of the only # providers}} of "
        "{cell}, so in every valid table",
        "{count, plural, one {de enige aanbieder} other {een van de maar # aanbieders}} van "
        "{cell}, dus in elke geldige tafel",
    ),
    "lottery_forced": (
        "every valid table needs it",
        "elke geldige tafel heeft deze aanbieder nodig",
    ),
    "lottery_cap_unreachable": (
        "no lottery keeps every probability at or below {cap}: the lowest possible highest "
        "probability is {lowest}",
        "geen loting houdt elke kans op of onder {cap}: de laagst mogelijke hoogste kans is "
        "{lowest}",
    ),
    "suggest_raise_max_probability": (
        "raise lottery.max_probability from {current} to {proposed}",
        "verhoog lottery.max_probability van {current} naar {proposed}",
    ),
    "lottery_blocked": (
        "sat at the last {terms} tables (rotation.max_consecutive_terms)",
        "zat aan de laatste {terms} tafels (rotation.max_consecutive_terms)",
    ),
    "lottery_no_table": (
        "no table that meets the criteria can contain it",
        "geen enkele tafel die aan de criteria voldoet, kan deze aanbieder bevatten",
    ),
    "lottery_more_seats": (
        "every valid table with it needs at least {seats} seats; the lottery's tables have {size}",
        "elke geldige tafel met deze aanbieder heeft minstens {seats} zetels nodig; de tafels van "
        "de loting hebben er {size}",
    ),
    "lottery_less_expertise": (
        "tables of this size with it reach an expertise score of at most {score}; "
        "{required} is required",
        "tafels van deze omvang met deze aanbieder halen een expertisescore van hoogstens {score}; "
        "{required} is vereist",
    ),
    "lottery_size_conflict": (
        "no valid table of {size} seats contains it",
        "geen geldige tafel van {size} zetels bevat deze aanbieder",
    ),
    # citizens' assembly format
    "sortition_column": ("column {name!r} is missing", "kolom {name!r} ontbreekt"),
    "sortition_empty": ("empty value", "lege waarde"),
    "sortition_count": (
        "expected a whole number 0 or more, got {value!r}",
        "verwacht een geheel getal 0 of meer, gekregen {value!r}",
    ),
    "sortition_duplicate": (
        "category {category!r} has feature {feature!r} twice",
        "categorie {category!r} heeft kenmerk {feature!r} twee keer",
    ),
    "sortition_feature": (
        "{value!r} is not a feature of category {category!r} in the categories file",
        "{value!r} is geen kenmerk van categorie {category!r} in het categoriebestand",
    ),
    # portfolios and draws
    "portfolio_key": ("expected {expected}", "verwacht {expected}"),
    "portfolio_tampered": (
        "the portfolio does not match its seal: it was changed after it was saved",
        "de portefeuille klopt niet met haar zegel: ze is gewijzigd na het opslaan",
    ),
    "portfolio_not_numbered": (
        "this portfolio has no numbered lots; compute it with --lots M",
        "deze portefeuille heeft geen genummerde loten; bereken haar met --lots M",
    ),
    "portfolio_lot_range": (
        "lot number {number} does not exist (1 to {count})",
        "lotnummer {number} bestaat niet (1 tot en met {count})",
    ),
    "portfolio_empty_seed": ("the seed is empty", "de seed is leeg"),
    # workflow (the agreement process)
    "wf_forbidden": (
        "{actor} may not {action}: only {allowed} may do that",
        "{actor} mag niet: {action}; alleen {allowed} mag dat",
    ),
    "wf_state": (
        "{subject} is {state}; '{action}' needs it to be {needed}",
        "{subject} is {state}; '{action}' kan alleen als het {needed} is",
    ),
    "wf_unknown": ("{what} '{id}'", "{what} '{id}'"),
    "wf_unknown_actor": (
        "unknown actor '{actor}': use a provider id of the region, 'gemeente:NAME' for one of "
        "the municipalities ({municipalities}), or 'publiek'",
        "onbekende actor '{actor}': gebruik een aanbieder-id uit de regio, 'gemeente:NAAM' voor "
        "een van de gemeenten ({municipalities}), of 'publiek'",
    ),
    "wf_not_initialised": (
        "this database has no basisovereenkomst yet: run 'workflow init' first",
        "deze database heeft nog geen basisovereenkomst: voer eerst 'workflow init' uit",
    ),
    "wf_initialised": (
        "this database already has a basisovereenkomst ({name})",
        "deze database heeft al een basisovereenkomst ({name})",
    ),
    "wf_date_order": (
        "the date {on} is before the last recorded action ({last}); the log is kept in order of "
        "time",
        "de datum {on} ligt voor de laatst vastgelegde handeling ({last}); het logboek loopt op "
        "volgorde van tijd",
    ),
    "wf_before_start": (
        "the date {on} is before the basisovereenkomst starts ({start})",
        "de datum {on} ligt voor de start van de basisovereenkomst ({start})",
    ),
    "wf_outside_period": (
        "{date} is outside every period of the table ({periods})",
        "{date} valt buiten elke periode van de tafel ({periods})",
    ),
    "wf_overlap": (
        "the period {start} to {end} overlaps the table period {other_start} to {other_end}",
        "de periode {start} tot en met {end} overlapt de tafelperiode {other_start} tot en met "
        "{other_end}",
    ),
    "wf_retroactive": (
        "a table period cannot start before the day it is recorded ({start} < {on})",
        "een tafelperiode kan niet beginnen voor de dag waarop ze wordt vastgelegd ({start} < "
        "{on})",
    ),
    "wf_period_order": (
        "the period ends ({end}) before it starts ({start})",
        "de periode eindigt ({end}) voor ze begint ({start})",
    ),
    "wf_not_a_provider": (
        "'{id}' is not a provider of the region",
        "'{id}' is geen aanbieder uit de regio",
    ),
    "wf_not_present": (
        "'{id}' cannot be present: not a table member on {date} and not a municipality",
        "'{id}' kan niet aanwezig zijn: geen lid van de tafel op {date} en geen gemeente",
    ),
    "wf_meeting_past": (
        "meeting {meeting} is on {date}, before {on}",
        "vergadering {meeting} is op {date}, voor {on}",
    ),
    "wf_hold_date": (
        "meeting {meeting} is planned on {date}; it can only be held on that date, not on {on}",
        "vergadering {meeting} staat op {date}; ze kan alleen op die datum gehouden worden, "
        "niet op {on}",
    ),
    "wf_already_on_agenda": (
        "{proposal} is already on the agenda of {meeting}",
        "{proposal} staat al op de agenda van {meeting}",
    ),
    "wf_not_discussed": (
        "{proposal} has not been discussed at a meeting that was held (on its agenda: {meetings})",
        "{proposal} is nog niet besproken in een gehouden vergadering (op de agenda van: "
        "{meetings})",
    ),
    "wf_reaction_closed": (
        "the reaction period of {proposal} ended on {deadline}",
        "de reactietermijn van {proposal} is verstreken op {deadline}",
    ),
    "wf_reaction_open": (
        "the reaction period of {proposal} runs until {deadline}; it can be worked out after that",
        "de reactietermijn van {proposal} loopt tot en met {deadline}; daarna kan het worden "
        "uitgewerkt",
    ),
    "wf_other_provider": (
        "{actor} cannot decide for {provider}: each provider decides for itself",
        "{actor} kan niet beslissen voor {provider}: elke aanbieder beslist voor zichzelf",
    ),
    "wf_already_decided": (
        "{provider} already decided on {agreement}: {decision} on {on}",
        "{provider} heeft al besloten over {agreement}: {decision} op {on}",
    ),
    "wf_empty": ("{field} is empty", "{field} is leeg"),
    "wf_unclosed_marker": (
        "{field}: a marked part ('[[vertrouwelijk: ...' or '[[persoonlijk: ...') is not closed "
        "with ']]', so the text cannot be published safely",
        "{field}: een gemarkeerd deel ('[[vertrouwelijk: ...' of '[[persoonlijk: ...') is niet "
        "afgesloten met ']]', dus de tekst kan niet veilig gepubliceerd worden",
    ),
    "wf_bad_value": ("{reason}", "{reason}"),
    # the basisovereenkomst file, checked against its schema (workflow/schema.py)
    "agreement_unknown_key": (
        "unknown key (allowed: {allowed})",
        "onbekende sleutel (toegestaan: {allowed})",
    ),
    "agreement_missing_key": ("required key is missing", "verplichte sleutel ontbreekt"),
    "agreement_type": ("expected {expected}, got {got}", "verwacht {expected}, gekregen {got}"),
    # start = "01-01-2026" or "2026-01-01": text, where the file needs a TOML date
    "agreement_date_as_text": (
        "{value!r} is text, not a date: write {iso} without quotes (a TOML date)",
        "{value!r} is tekst, geen datum: schrijf {iso} zonder aanhalingstekens (een TOML-datum)",
    ),
    "agreement_empty_value": ("a value may not be empty", "een waarde mag niet leeg zijn"),
    "agreement_empty_list": ("the list may not be empty", "de lijst mag niet leeg zijn"),
    "agreement_too_small": (
        "{value} is outside the allowed range (limit {maximum})",
        "{value} ligt buiten het toegestane bereik (grens {maximum})",
    ),
    "agreement_too_large": (
        "{value} is larger than the {maximum} this version handles",
        "{value} is groter dan de {maximum} die deze versie aankan",
    ),
    "agreement_negative": (
        "must be 0 or more, got {value}",
        "moet 0 of meer zijn, gekregen {value}",
    ),
    "agreement_not_finite": ("must be a finite number", "moet een eindig getal zijn"),
    "agreement_choice": (
        "{value!r} is not allowed (choose from: {allowed})",
        "{value!r} is niet toegestaan (kies uit: {allowed})",
    ),
    "agreement_no_id_column": (
        "the provider file {file} has no 'id' column",
        "het aanbiedersbestand {file} heeft geen kolom 'id'",
    ),
    "agreement_duplicate": (
        "the municipality {value!r} is listed twice",
        "de gemeente {value!r} staat er twee keer in",
    ),
    "wf_selection_status": (
        "the selection has status '{status}' and no table",
        "de selectie heeft status '{status}' en geen tafel",
    ),
    # report
    "report_lang": (
        "unknown report language '{language}' (allowed: {allowed})",
        "onbekende taal '{language}' voor het rapport (toegestaan: {allowed})",
    ),
    "report_portfolio_mismatch": (
        "this lottery portfolio was made from another {role} file than {file} (its SHA-256 "
        "differs)",
        "dit lotingsportfolio is gemaakt met een ander {role}-bestand dan {file} (de SHA-256 "
        "verschilt)",
    ),
    "report_portfolio_ids": (
        "{count, plural, one {# provider of the lottery portfolio is} other {# providers of "
        "the lottery portfolio are}} not in the pool: {ids}",
        "{count, plural, one {# aanbieder uit het lotingsportfolio zit} other {# aanbieders uit "
        "het lotingsportfolio zitten}} niet in de pool: {ids}",
    ),
    # explanations
    "explain_one_of": (
        "this table is one of {count} equally minimal tables, chosen by the tie-break ({order})",
        "deze tafel is één van {count} even minimale tafels, gekozen door de tie-break ({order})",
    ),
    "explain_one_of_more": (
        "this table is one of at least {count} equally minimal tables, chosen by the tie-break "
        "({order})",
        "deze tafel is één van minstens {count} even minimale tafels, gekozen door de tie-break "
        "({order})",
    ),
    # a table the time limit stopped before its proof: the explanation's "equally minimal" is
    # then "at least as good as this table", the tables its facts are about
    "explain_one_of_unproven": (
        "this table is not proven minimal (the time limit stopped the proof); it is one of "
        '{count} tables at least as good, chosen by the tie-break ({order}), and "equally '
        'minimal" below means at least as good as this table',
        "deze tafel is niet bewezen minimaal (de tijdslimiet stopte het bewijs); ze is één van "
        "{count} tafels die minstens even goed zijn, gekozen door de tie-break ({order}), en "
        '"even minimaal" hieronder betekent minstens even goed als deze tafel',
    ),
    "explain_one_of_more_unproven": (
        "this table is not proven minimal (the time limit stopped the proof); it is one of at "
        "least {count} tables at least as good, chosen by the tie-break ({order}), and "
        '"equally minimal" below means at least as good as this table',
        "deze tafel is niet bewezen minimaal (de tijdslimiet stopte het bewijs); ze is één van "
        "minstens {count} tafels die minstens even goed zijn, gekozen door de tie-break "
        '({order}), en "even minimaal" hieronder betekent minstens even goed als deze tafel',
    ),
    "explain_not_counted": (
        "equally minimal tables were not counted (needs CP-SAT); the tie-break ({order}) chose",
        "even minimale tafels zijn niet geteld (daarvoor is CP-SAT nodig); de tie-break ({order}) "
        "koos",
    ),
    "why_excluded": (
        "{id} is excluded by the criteria (constraints.exclude).",
        "{id} is uitgesloten door de criteria (constraints.exclude).",
    ),
    "why_in_indispensable": (
        "{name} is at the table and indispensable: every minimal table needs it. It covers: "
        "{cells}.",
        "{name} zit aan tafel en is onmisbaar: elke minimale tafel heeft deze aanbieder nodig. "
        "Dekt: {cells}.",
    ),
    "why_in_share": (
        "Without it the table would hold {held} of {share}, below the {min} asked: it is at the "
        "table for that share.",
        "Zonder deze aanbieder zou de tafel {held} van {share} hebben, onder de gevraagde {min}: "
        "deze aanbieder zit aan tafel voor dat aandeel.",
    ),
    "why_in_possible": (
        "{name} is at the table; other equally minimal tables do without it. It covers: {cells}.",
        "{name} zit aan tafel; andere even minimale tafels kunnen zonder. Dekt: {cells}.",
    ),
    # the same facts about a table the time limit stopped before its proof: they hold for the
    # tables at least as good as this one, not for "minimal" ones (no minimum was proven)
    "why_in_indispensable_unproven": (
        "{name} is at the table and indispensable: every table at least as good as this one "
        "needs it. It covers: {cells}.",
        "{name} zit aan tafel en is onmisbaar: elke tafel die minstens even goed is als deze, "
        "heeft deze aanbieder nodig. Dekt: {cells}.",
    ),
    "why_in_possible_unproven": (
        "{name} is at the table; other tables at least as good as this one do without it. It "
        "covers: {cells}.",
        "{name} zit aan tafel; andere tafels die minstens even goed zijn als deze, kunnen "
        "zonder. Dekt: {cells}.",
    ),
    "why_price_out": (
        "Without it the best table has {seats} seats ({delta:+d}) and expertise {score:g} "
        "({score_delta:+g}).",
        "Zonder deze aanbieder heeft de beste tafel {seats} zetels ({delta:+d}) en expertise "
        "{score:g} ({score_delta:+g}).",
    ),
    "why_price_out_impossible": (
        "Without it no table meets the criteria.",
        "Zonder deze aanbieder voldoet geen enkele tafel aan de criteria.",
    ),
    "why_not_tie": (
        "{name} could sit at an equally minimal table; the tie-break ({order}) chose another one.",
        "{name} past in een even minimale tafel; de tie-break ({order}) koos een andere.",
    ),
    "why_not_impossible": (
        "{name} is in no minimal table.",
        "{name} zit in geen enkele minimale tafel.",
    ),
    "why_not_tie_unproven": (
        "{name} could sit at a table at least as good as this one; the tie-break ({order}) chose "
        "another one.",
        "{name} past in een tafel die minstens even goed is als deze; de tie-break ({order}) "
        "koos een andere.",
    ),
    "why_not_impossible_unproven": (
        "{name} is in no table at least as good as this one.",
        "{name} zit in geen enkele tafel die minstens even goed is als deze.",
    ),
    "why_not_covered": (
        "What it would represent is covered by: {covered}.",
        "Wat deze aanbieder zou vertegenwoordigen, is gedekt door: {covered}.",
    ),
    "why_price_in": (
        "With it the best table has {seats} seats ({delta:+d}) and expertise {score:g} "
        "({score_delta:+g}).",
        "Met deze aanbieder heeft de beste tafel {seats} zetels ({delta:+d}) en expertise "
        "{score:g} ({score_delta:+g}).",
    ),
    "why_price_in_impossible": (
        "No table that meets the criteria can include it.",
        "Geen enkele tafel die aan de criteria voldoet, kan deze aanbieder bevatten.",
    ),
    # requirement names used in conflicts
    "req_cell": ("{cell} (min {min}, max {max})", "{cell} (min {min}, max {max})"),
    "req_seats": ("seats (min {min}, max {max})", "zetels (min {min}, max {max})"),
    "req_include": ("include {id}", "include {id}"),
    "req_one_per": ("one_per {column} = {value!r}", "one_per {column} = {value!r}"),
    "req_blocked": (
        "rotation: {id} sat at the last {terms} tables (max_consecutive_terms)",
        "rotatie: {id} zat aan de laatste {terms} tafels (max_consecutive_terms)",
    ),
    "req_share": (
        "share of {share}: at least {min}, at most {max} of the pool total",
        "aandeel van {share}: minstens {min}, hoogstens {max} van het pooltotaal",
    ),
    "req_continuity": (
        "rotation: at least {min} members of the previous table stay (min_continuity)",
        "rotatie: minstens {min} leden van de vorige tafel blijven (min_continuity)",
    ),
    # history (previous tables)
    "json_invalid": ("not a valid JSON file: {reason}", "geen geldig JSON-bestand: {reason}"),
    "history_key": (
        "expected {expected}",
        "verwacht {expected}",
    ),
    "history_day_first_date": (
        "{value!r} is not a date in the form YYYY-MM-DD; read as day-month-year it is {iso}: "
        "write that",
        "{value!r} is geen datum in de vorm JJJJ-MM-DD; gelezen als dag-maand-jaar is het {iso}: "
        "schrijf dat",
    ),
    "history_same_date": (
        "two history files have peildatum {date}: {other}",
        "twee historiebestanden hebben peildatum {date}: {other}",
    ),
    "history_not_before": (
        "peildatum {date} is not before the criteria's peildatum {current}",
        "peildatum {date} ligt niet vóór de peildatum van de criteria {current}",
    ),
    # solver
    "explain_time_limit": (
        "the explanation was not complete within the time limit of {seconds} s: every fact it "
        "states needs a proof; give it more time, or no time limit",
        "de uitleg was niet af binnen de tijdslimiet van {seconds} s: elk feit erin vraagt een "
        "bewijs; geef meer tijd, of geen tijdslimiet",
    ),
    "margin_time_limit": (
        "the stability near the band edges was not complete within the time limit of {seconds} "
        "s: each table it names needs a proof; give it more time, or no time limit",
        "de stabiliteit bij de klassengrenzen was niet af binnen de tijdslimiet van {seconds} s: "
        "elke tafel die ze noemt vraagt een bewijs; geef meer tijd, of geen tijdslimiet",
    ),
    "lottery_stopped_without_table": (
        "the time limit stopped the search for a table of the lottery before it found one",
        "de tijdslimiet stopte het zoeken naar een tafel voor de loting voordat er een gevonden "
        "was",
    ),
    "no_solution_in_time": (
        "no table was found within the time limit of {seconds} s",
        "binnen de tijdslimiet van {seconds} s is geen tafel gevonden",
    ),
    "backend_unavailable": (
        "backend {name!r} is not available; available: {available}",
        "backend {name!r} is niet beschikbaar; beschikbaar: {available}",
    ),
    "backend_unavailable_because": (
        "backend {name!r} is not available ({reason}); available: {available}",
        "backend {name!r} is niet beschikbaar ({reason}); beschikbaar: {available}",
    ),
    "backend_unknown": ("unknown backend", "onbekende backend"),
    "backend_no_solver": (
        "no solver library is installed",
        "er is geen solverbibliotheek geïnstalleerd",
    ),
    "extra_missing": (
        "{purpose} needs {library}, which is not installed: pip install 'tafelselectie[{extra}]'",
        "{purpose} heeft {library} nodig, dat niet geïnstalleerd is: "
        "pip install 'tafelselectie[{extra}]'",
    ),
    "extra_system_missing": (
        "{purpose} needs the system library {library}, which could not be loaded ({reason}); "
        "see the installation notes of the '{extra}' extra",
        "{purpose} heeft de systeembibliotheek {library} nodig, die niet te laden is ({reason}); "
        "zie de installatie-aanwijzingen van het extra onderdeel '{extra}'",
    ),
    "extra_for_report": ("the report", "het rapport"),
    "extra_for_plots": ("a plot", "een grafiek"),
    "extra_for_pdf": ("the PDF of the report", "de PDF van het rapport"),
    "extra_for_cluster": ("a sweep on a Dask cluster", "een reeks op een Dask-cluster"),
    "backend_not_installed": ("{library} is not installed", "{library} is niet geïnstalleerd"),
    "backend_cbc_missing": (
        "the CBC program of PuLP is missing",
        "het CBC-programma van PuLP ontbreekt",
    ),
    "backend_cannot_load": ("{library} cannot be loaded", "{library} kan niet worden geladen"),
    "solver_rejected_model": (
        "the solver {solver} rejected the model ({status}); unless you gave the solver "
        "parameters yourself, this is an internal error, please report it with the input files",
        "de solver {solver} weigerde het model ({status}); tenzij u zelf solverparameters "
        "opgaf, is dit een interne fout, meld dit graag met de invoerbestanden",
    ),
    "backend_parameter": (
        "the {solver} parameter {name} = {value!r} is not valid: {reason}",
        "de {solver}-parameter {name} = {value!r} is ongeldig: {reason}",
    ),
    "solver_failed": (
        "the solver {solver} failed: {reason}",
        "de solver {solver} is mislukt: {reason}",
    ),
    "solver_unexpected_status": (
        "the solver {solver} ended with an unexpected status ({status})",
        "de solver {solver} eindigde met een onverwachte status ({status})",
    ),
    "solver_lost_table": (
        "the solver {solver} found no table in stage {stage} although an earlier table fits; "
        "its numerical tolerances may be too coarse for these criteria (try another --backend)",
        "de solver {solver} vond in stap {stage} geen tafel terwijl een eerdere tafel past; "
        "zijn numerieke toleranties zijn mogelijk te grof voor deze criteria (probeer een andere "
        "--backend)",
    ),
    "solver_invalid_table": (
        "the solver {solver} returned a table that breaks the criteria: {violations}",
        "de solver {solver} gaf een tafel die de criteria schendt: {violations}",
    ),
    "lottery_lp_no_optimum": (
        "the lottery's linear program has no optimum ({stage})",
        "het lineaire programma van de loting heeft geen optimum ({stage})",
    ),
    "internal_invariant": (
        "internal error: {what}; please report this with the input files",
        "interne fout: {what}; meld dit graag met de invoerbestanden",
    ),
    "error_unspecified": ("an error without details", "een fout zonder details"),
    "usage": ("{reason}", "{reason}"),
    "wf_not_event_log": (
        "this SQLite database is not an event log of the agreement process",
        "deze SQLite-database is geen gebeurtenissenlog van het overlegproces",
    ),
    "wf_schema_newer": (
        "the event log was written by a newer version of tafelselectie (schema {found}; this "
        "version reads up to {supported}); upgrade tafelselectie to read it",
        "het gebeurtenissenlog is geschreven door een nieuwere versie van tafelselectie (schema "
        "{found}; deze versie leest tot en met {supported}); werk tafelselectie bij om het te "
        "lezen",
    ),
    "wf_schema_older": (
        "the event log has schema {found}, which this version cannot migrate to {supported}",
        "het gebeurtenissenlog heeft schema {found}, dat deze versie niet kan omzetten naar "
        "{supported}",
    ),
    "usage_time_limit": (
        "the time limit must be a positive, finite number of seconds, got {value}",
        "de tijdslimiet moet een positief, eindig aantal seconden zijn, gekregen {value}",
    ),
    "usage_lots": (
        "the number of lots must be a whole number from 1 to {maximum}, got {value}",
        "het aantal loten moet een heel getal van 1 tot en met {maximum} zijn, gekregen {value}",
    ),
    "usage_needs_criteria": (
        "{caller}() needs criteria unless it is given a CoverageProblem",
        "{caller}() heeft criteria nodig, tenzij het een CoverageProblem krijgt",
    ),
    "usage_date": (
        "{value!r} is not a date in the form YYYY-MM-DD",
        "{value!r} is geen datum in de vorm JJJJ-MM-DD",
    ),
    "usage_executor_and_processes": (
        "give either an executor or a number of processes, not both",
        "geef een executor of een aantal processen, niet allebei",
    ),
    "usage_processes": (
        "the number of processes must be a whole number of at least 1, not {value!r}",
        "het aantal processen moet een geheel getal van minstens 1 zijn, niet {value!r}",
    ),
    "usage_base_name": (
        "{name!r} is the name of the base scenario; choose another name",
        "{name!r} is de naam van het basisscenario; kies een andere naam",
    ),
    "usage_variation_result": (
        "a variation function must return the criteria dict",
        "een variatiefunctie moet de criteria als dict teruggeven",
    ),
    "usage_pool_type": (
        "read_pool expects a path or a pandas DataFrame, got {type}",
        "read_pool verwacht een pad of een pandas-DataFrame, gekregen {type}",
    ),
    "usage_seed_or_number": (
        "give either a seed or a lot number",
        "geef een seed of een lotnummer",
    ),
    "usage_locations": (
        "at most {maximum} locations, got {value}",
        "hoogstens {maximum} locaties, gekregen {value}",
    ),
    "wf_unknown_event": (
        "event {seq} has a kind this version does not know ({kind!r}); the log cannot be read",
        "gebeurtenis {seq} heeft een soort die deze versie niet kent ({kind!r}); het log kan niet "
        "worden gelezen",
    ),
    "output_cannot_write": ("cannot write {path}: {reason}", "kan {path} niet schrijven: {reason}"),
    "usage_choice": (
        "{value!r} is not one of: {allowed}",
        "{value!r} is niet een van: {allowed}",
    ),
    "usage_margin": (
        "the margin must be a fraction above 0 and below 1 (0.05 for 5%), got {value!r}",
        "de marge moet een fractie boven 0 en onder 1 zijn (0.05 voor 5%), gekregen {value!r}",
    ),
    "margin_none_near": (
        "No provider's banded value lies within {margin} of a cut.",
        "Van geen enkele aanbieder ligt de waarde binnen {margin} van een klassengrens.",
    ),
    "margin_stable": (
        "The table is the same under every single such move ({count, plural, one {# provider "
        "near a cut} other {# moves of providers near a cut}}).",
        "De tafel blijft dezelfde bij elke afzonderlijke verschuiving ({count, plural, one {# "
        "aanbieder bij een grens} other {# verschuivingen van aanbieders bij een grens}}).",
    ),
    "margin_changes": (
        "{count, plural, one {# provider near a cut could change the table} other {# providers "
        "near a cut could change the table}}.",
        "{count, plural, one {# aanbieder bij een klassengrens kan de tafel veranderen} other {# "
        "aanbieders bij een klassengrens kunnen de tafel veranderen}}.",
    ),
    "usage_cap": (
        "the cap must be a probability above 0 and at most 1, got {value!r}",
        "de grens moet een kans boven 0 en hoogstens 1 zijn, gekregen {value!r}",
    ),
    "usage_share": (
        "must be a share between 0 and 1, got {value}",
        "moet een aandeel tussen 0 en 1 zijn, gekregen {value}",
    ),
}

# The Dutch of every type description in a "expected X, got Y" message, so that a Dutch message
# is Dutch throughout (a test checks that every description used has one).
WORDS: dict[str, tuple[str, str]] = {
    "word.a boolean": (
        "a boolean",
        "een booleaanse waarde (true of false)",
    ),
    "word.an integer": (
        "an integer",
        "een geheel getal",
    ),
    "word.a number": (
        "a number",
        "een getal",
    ),
    "word.a string": (
        "a string",
        "een tekst",
    ),
    "word.a list": (
        "a list",
        "een lijst",
    ),
    "word.a table": (
        "a table",
        "een tabel",
    ),
    "word.a valid value": (
        "a valid value",
        "een geldige waarde",
    ),
    "word.a date": (
        "a date",
        "een datum",
    ),
    "word.a date and time": (
        "a date and time",
        "een datum met tijd",
    ),
    "word.a time": (
        "a time",
        "een tijd",
    ),
    "word.a date (YYYY-MM-DD)": (
        "a date (YYYY-MM-DD)",
        "een datum (JJJJ-MM-DD)",
    ),
    "word.a list of numbers": (
        "a list of numbers",
        "een lijst van getallen",
    ),
    "word.a list of strings": (
        "a list of strings",
        "een lijst van teksten",
    ),
    "word.a list of {label, below} tables": (
        "a list of {label, below} tables",
        "een lijst van {label, below}-tabellen",
    ),
    "word.a table of value = number": (
        "a table of value = number",
        "een tabel van waarde = getal",
    ),
    "word.a table {label, below}": (
        "a table {label, below}",
        "een tabel {label, below}",
    ),
    "word.an array of tables [[dimension]]": (
        "an array of tables [[dimension]]",
        "een reeks tabellen [[dimension]]",
    ),
    "word.an array of tables [[share]]": (
        "an array of tables [[share]]",
        "een reeks tabellen [[share]]",
    ),
    "word.an array of tables [[joint]]": (
        "an array of tables [[joint]]",
        "een reeks tabellen [[joint]]",
    ),
    "word.an integer or a string": (
        "an integer or a string",
        "een geheel getal of een tekst",
    ),
    # portfolios, draw records and history files
    "word.tafelselectie-lottery": (
        "tafelselectie-lottery",
        "tafelselectie-lottery",
    ),
    "word.a list of tables": (
        "a list of tables",
        "een lijst van tafels",
    ),
    "word.a list of table numbers": (
        "a list of table numbers",
        "een lijst van tafelnummers",
    ),
    "word.the seal": (
        "the seal",
        "het zegel",
    ),
    "word.a JSON object": (
        "a JSON object",
        "een JSON-object",
    ),
    "word.positive probabilities": (
        "positive probabilities",
        "positieve kansen",
    ),
    "word.a seed or a lot number": (
        "a seed or a lot number",
        "een seed of een lotnummer",
    ),
    "word.a list of ids": (
        "a list of ids",
        "een lijst van id's",
    ),
    "word.a date YYYY-MM-DD": (
        "a date YYYY-MM-DD",
        "een datum JJJJ-MM-DD",
    ),
    "word.a number >= 0": (
        "a number >= 0",
        "een getal >= 0",
    ),
    "word.format version 1 or 2": (
        "format version 1 or 2",
        "formaatversie 1 of 2",
    ),
    "word.tafelselectie-draw": (
        "tafelselectie-draw",
        "tafelselectie-draw",
    ),
    "word.the portfolio's seal": (
        "the portfolio's seal",
        "het zegel van de portefeuille",
    ),
    "word.a table number": (
        "a table number",
        "een tafelnummer",
    ),
    "word.an object of provider id -> probability": (
        "an object of provider id -> probability",
        "een object van aanbieder-id -> kans",
    ),
}


_PLURAL = re.compile(r"\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}")


def plural(template: str, params: Mapping[str, object]) -> str:
    """Choose the plural forms in ``template``: ICU MessageFormat's
    ``{count, plural, one {# cel} other {# cellen}}``, where ``#`` is the number. Dutch and
    English share the rule: "one" for exactly 1, "other" for every other number."""

    def choose(match: re.Match[str]) -> str:
        value = params[match.group(1)]
        form = match.group(2) if value == 1 else match.group(3)
        return form.replace("#", str(value))

    return _PLURAL.sub(choose, template)


def pick(texts: tuple[str, str], lang: str, **params: object) -> str:
    """One of an (English, Dutch) pair of templates, filled with ``params``."""
    english, dutch = texts
    return plural(dutch if lang == "nl" else english, params).format(**params)


_CATALOGUE: dict[str, tuple[str, str]] = {}


def catalogue() -> dict[str, tuple[str, str]]:
    """Every text of the package, one shape (code -> (English, Dutch)): the problems' messages
    (codes without a dot, as they appear in JSON), type descriptions (``word.``), the command line
    (``cli.``, ``wf.``, ``usage.``, ``os.``), the agreement process (``wf_role.``, ``wf_what.``,
    ``wf_action.``, ``wf_cmd.``) and the report (``report.``). Codes and ``{name}``
    placeholders are gettext-compatible: a ``.po`` file per language is a mechanical step."""
    if not _CATALOGUE:
        from tafelselectie.texts.cli import CLI
        from tafelselectie.texts.report import REPORT
        from tafelselectie.texts.workflow import WORKFLOW

        for table in (MESSAGES, WORDS, CLI, REPORT, WORKFLOW):
            _CATALOGUE.update(table)
    return _CATALOGUE


def text(code: str, lang: str = "en", **params: object) -> str:
    """The text ``code`` in ``lang`` filled with ``params``: the one lookup of every text."""
    return pick(catalogue()[code], lang, **params)


def word(english: str, lang: str) -> str:
    """A type description ("a list of strings") in ``lang``; unknown ones stay as they are.

    Descriptions are literal text, never templates: "a list of {label, below} tables" names
    the keys of a TOML table in braces, which ``str.format`` would take for a field."""
    pair = WORDS.get(f"word.{english}")
    if pair is None:
        return english
    return pair[1] if lang == "nl" else pair[0]
